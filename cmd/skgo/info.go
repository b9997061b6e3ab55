package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"text/tabwriter"

	"github.com/skgo/skgo/estimator"
)

// progressLine prints msg on stderr when it is a terminal and returns a function
// that erases it; elsewhere (a pipe, a log file) it prints nothing.
func progressLine(stderr io.Writer, msg string) func() {
	if !isTerminal(stderr) {
		return func() {}
	}
	fmt.Fprintf(stderr, "%s…", msg)
	return func() { fmt.Fprint(stderr, "\r\033[K") }
}

const infoSynopsis = "skgo info [--json] model.skgo"

func cmdInfo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := &options{}
	fs := newFlagSet("info", infoSynopsis)
	fs.BoolVar(&o.json, "json", false, "print machine-readable JSON")
	pos, err := parseFlags(fs, infoSynopsis, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("info: give exactly one model file (got %d arguments)", len(pos))
	}
	m, p, err := loadModel(pos[0])
	if err != nil {
		return err
	}
	type stepInfo struct {
		Name     string         `json:"name"`
		Type     string         `json:"type"`
		Settings string         `json:"settings"`
		Params   map[string]any `json:"params"`
	}
	var steps []stepInfo
	for _, s := range p.Steps {
		steps = append(steps, stepInfo{
			Name:     s.Name,
			Type:     strings.TrimPrefix(reflect.TypeOf(s.Est).String(), "*"),
			Settings: estimator.Format(s.Est),
			Params:   jsonParams(estimator.GetParams(s.Est)),
		})
	}
	if o.json {
		return writeJSON(stdout, map[string]any{
			"file": pos[0], "model": m.Spec, "task": task(m), "target": m.Target,
			"features": m.Features, "onehot": nonNil(m.OneHot), "strings": nonNil(m.Strings),
			"classes": nonNil(m.Classes), "classifier": m.Classifier, "steps": steps,
			"pipeline": estimator.Format(p),
		})
	}
	w := bufio.NewWriter(stdout)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "file\t%s\n", pos[0])
	fmt.Fprintf(tw, "model\t%s\n", m.Spec)
	fmt.Fprintf(tw, "task\t%s, target %s\n", task(m), m.Target)
	if len(m.Classes) > 0 {
		fmt.Fprintf(tw, "classes\t%s\n", strings.Join(m.Classes, ", "))
	} else if m.Classifier {
		fmt.Fprintf(tw, "classes\t%s\n", formatValue(p.Classes()))
	}
	fmt.Fprintf(tw, "features\t%d: %s\n", len(m.Features), strings.Join(m.Features, ", "))
	if len(m.OneHot) > 0 {
		fmt.Fprintf(tw, "one-hot\t%s\n", strings.Join(m.OneHot, ", "))
	} else if len(m.Strings) > 0 {
		fmt.Fprintf(tw, "strings\t%s (not one-hot encoded)\n", strings.Join(m.Strings, ", "))
	}
	tw.Flush()
	fmt.Fprintf(w, "\npipeline steps:\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range steps {
		fmt.Fprintf(tw, "  %s\t%s\n", s.Name, s.Settings)
	}
	tw.Flush()
	return w.Flush()
}

const modelsSynopsis = "skgo models [NAME]"

// cmdModels lists the model names, or one model's parameters with their types.
func cmdModels(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("models", modelsSynopsis)
	pos, err := parseFlags(fs, modelsSynopsis, args, stdout)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if len(pos) == 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		var fam string
		var names []string
		flush := func() {
			if fam != "" {
				fmt.Fprintf(tw, "%s\t%s\n", fam, strings.Join(names, " "))
			}
		}
		for _, e := range registry {
			if e.family != fam {
				flush()
				fam, names = e.family, nil
			}
			n := e.name
			if len(e.aliases) > 0 {
				n += " (" + strings.Join(e.aliases, ", ") + ")"
			}
			names = append(names, n)
		}
		flush()
		return tw.Flush()
	}
	for _, name := range pos {
		e, ok := lookup(name)
		if !ok {
			return usageErrorf("unknown model %q%s", name, suggest(normalize(name), modelNames()))
		}
		est := e.new()
		t := reflect.TypeOf(est).Elem()
		fmt.Fprintf(w, "%s (%s):\n", e.name, strings.TrimPrefix(reflect.TypeOf(est).String(), "*"))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, f := range paramFields(t) {
			sf, _ := t.FieldByName(f)
			fmt.Fprintf(tw, "  %s\t%s\n", f, sf.Type)
		}
		tw.Flush()
	}
	_ = os.Stdout
	return nil
}
