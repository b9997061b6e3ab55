//go:build amd64 && !purego

package kernels

// setISA selects the micro-kernel level (capped at what the CPU has) and returns a
// function that restores the previous one.
func setISA(level int) (restore func()) {
	old := isa
	isa = min(level, hasISA)
	return func() { isa = old }
}
