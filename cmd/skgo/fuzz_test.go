package main

import (
	"bufio"
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/preprocess"
)

// FuzzParseSpec: any model text parses or fails with an error, never a panic.
func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{
		"standardscaler | polynomialfeatures degree=2 nobias | ridge alpha=10",
		"mlpregressor hidden=64,32 optimizer=adam optimizer.lr=0.01",
		"cnnclassifier inputshape=1,8,8",
		"ridge alpha='1 | lasso",
		"onehotencoder handle_unknown=\"ignore\" | logisticregression c=1e3",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parseSpec(s)
		if err == nil && len(p.Steps) == 0 {
			t.Fatalf("%q: no steps and no error", s)
		}
	})
}

// FuzzModelFile: a damaged model file is an error, never a panic; the seed is a
// real file (a fitted one-hot pipeline) so mutations reach the decoders.
func FuzzModelFile(f *testing.F) {
	p, err := buildModel("standardscaler | ridge alpha=2", []string{"a", "c"}, []string{"c"})
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	m := &manifest{Version: manifestVersion, Spec: "standardscaler | ridge alpha=2", Features: []string{"a", "c"},
		OneHot: []string{"c"}, Strings: []string{"c"}, Target: "y"}
	frame := mustFrame(f, "a,c\n1,x\n2,y\n3,x\n4,z\n")
	if err := p.Fit(context.Background(), frame, []float64{1, 2, 3, 5}); err != nil {
		f.Fatal(err)
	}
	if err := estimator.Save(&buf, m); err != nil {
		f.Fatal(err)
	}
	if err := estimator.Save(&buf, p); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("skgo-model\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, _ = readModel(bufio.NewReader(bytes.NewReader(b)), "fuzz.skgo")
	})
}

func mustFrame(tb testing.TB, csv string) *preprocess.Frame {
	tb.Helper()
	tab, err := readTable("-", 0, nil, strings.NewReader(csv))
	if err != nil {
		tb.Fatal(err)
	}
	fr, err := preprocess.NewFrame(tab.df)
	if err != nil {
		tb.Fatal(err)
	}
	return fr
}
