// Package termio says whether a writer is a terminal, so that progress displays
// redraw lines with '\r' only where a person watches them: piped into a file or a CI
// log, '\r' frames are noise, and the library writes whole lines instead.
package termio

import (
	"io"
	"os"

	"golang.org/x/term"
)

// fder is implemented by *os.File and by wrappers that expose one.
type fder interface{ Fd() uintptr }

// IsTerminal reports whether w writes to a terminal. A writer that is not a file
// (a bytes.Buffer, a pipe wrapper, a log) is not.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(fder)
	if !ok || f == nil {
		return false
	}
	if of, isFile := w.(*os.File); isFile && of == nil {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}
