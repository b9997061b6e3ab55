package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK      = 0
	exitError   = 1 // the command ran and failed
	exitUsage   = 2 // the command line is wrong
	programName = "skgo"
)

// run runs one command line and returns the exit code. Every error is printed as
// one line on stderr, prefixed "skgo: "; a panic becomes such an error too.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "%s: internal error: %s\n", programName, firstLine(fmt.Sprint(p)))
			code = exitError
		}
	}()
	err := dispatch(ctx, args, stdin, stdout, stderr)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	}
	fmt.Fprintf(stderr, "%s: %s\n", programName, firstLine(err.Error()))
	if errors.Is(err, errUsage) {
		return exitUsage
	}
	return exitError
}

// firstLine keeps an error on one line: errors of panics recovered inside the
// library carry a stack trace after the first line, which is left out.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

const usageText = `usage: skgo <command> [flags]

commands:
  cv       cross-validate a model on a CSV file and print the per-fold scores
  fit      fit a model on a CSV file and save it (-o model.skgo)
  predict  predict with a saved model: skgo predict -m model.skgo new.csv
  search   grid or random search of hyperparameters by cross-validation
  info     print a saved model's structure and settings: skgo info model.skgo
  models   list the model names --model accepts (with their parameters: skgo models NAME)

Run 'skgo <command> -h' for the flags of a command.`

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("no command given (commands: cv, fit, predict, search, info, models; see skgo help)")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "-h", "--help", "-help", "help":
		fmt.Fprintln(stdout, usageText)
		return nil
	case "cv":
		return cmdCV(ctx, rest, stdin, stdout, stderr)
	case "fit":
		return cmdFit(ctx, rest, stdin, stdout, stderr)
	case "predict":
		return cmdPredict(ctx, rest, stdin, stdout, stderr)
	case "search":
		return cmdSearch(ctx, rest, stdin, stdout, stderr)
	case "info":
		return cmdInfo(ctx, rest, stdout, stderr)
	case "models":
		return cmdModels(rest, stdout, stderr)
	}
	return usageErrorf("unknown command %q%s (commands: cv, fit, predict, search, info, models)", cmd,
		suggest(cmd, []string{"cv", "fit", "predict", "search", "info", "models"}))
}
