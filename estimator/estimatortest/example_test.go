package estimatortest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/estimatortest"
	"github.com/skgo/skgo/estimator/linear"
)

// Reseal and Payload forge a model file as an attacker would — the checksum stays valid — so a
// test reaches the loader's own checks. Run itself is called from a Test function:
//
//	func TestRidgeConformance(t *testing.T) {
//		estimatortest.Run(t, func() estimator.Estimator { return &linear.Ridge{Alpha: 0.5} })
//	}
func ExampleReseal() {
	r := &linear.Ridge{}
	if err := r.Fit(context.Background(), mat.NewDense(3, 1, []float64{1, 2, 3}), []float64{2, 4, 6}); err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := estimator.Save(&buf, r); err != nil {
		log.Fatal(err)
	}
	// Flip the saved NoIntercept flag, as a forger editing the JSON would.
	payload := bytes.Replace(estimatortest.Payload(buf.Bytes()), []byte(`"value":false`), []byte(`"value":true`), 1)
	forged := estimatortest.Reseal(payload)
	err := estimator.Load(bytes.NewReader(forged), &linear.Ridge{})
	fmt.Println(errors.Is(err, estimator.ErrState), errors.Is(err, estimator.ErrFormat))
	// Output: true true
}
