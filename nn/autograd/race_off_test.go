//go:build !race

package autograd

// raceEnabled reports a -race build, whose instrumentation allocates on its own.
const raceEnabled = false
