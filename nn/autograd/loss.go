package autograd

import (
	"fmt"
	"math"

	"github.com/skgo/skgo/nn/tensor"
)

// MSE returns mean((pred − target)²) (PyTorch nn.MSELoss, reduction 'mean').
func (tp *Tape) MSE(pred, target *Var) *Var {
	return tp.Mean(tp.Square(tp.Sub(pred, target)))
}

// MAE returns mean(|pred − target|) (PyTorch nn.L1Loss).
func (tp *Tape) MAE(pred, target *Var) *Var {
	return tp.Mean(tp.Abs(tp.Sub(pred, target)))
}

// Huber returns the mean Huber loss with threshold delta (PyTorch nn.HuberLoss):
// ½d² where |d| < delta, delta·(|d| − ½delta) elsewhere, d = pred − target.
func (tp *Tape) Huber(pred, target *Var, delta float32) *Var {
	checkSame("Huber", pred, target)
	out := tp.newVar(anyGrad(pred, target), 1)
	pd, td := pred.Value.Data(), target.Value.Data()
	var s float64
	for i, p := range pd {
		d := math.Abs(float64(p - td[i]))
		if d < float64(delta) {
			s += 0.5 * d * d
		} else {
			s += float64(delta) * (d - 0.5*float64(delta))
		}
	}
	out.Value.Data()[0] = float32(s / float64(len(pd)))
	tp.record(node{kind: opHuber, out: out, a: pred, b: target, f: delta})
	return out
}

// SoftmaxCrossEntropy returns the mean cross-entropy between softmax(logits) (n×K) and
// the class indices labels (len n, each in [0, K)), computed stably from the logits
// (PyTorch nn.CrossEntropyLoss). With smoothing ε > 0 the target is
// (1−ε)·onehot + ε/K (PyTorch label_smoothing). labels must stay unchanged until
// Backward. It panics with a *tensor.ShapeError on mismatched sizes and on a label
// out of range.
func (tp *Tape) SoftmaxCrossEntropy(logits *Var, labels []int, smoothing float32) *Var {
	s := logits.Value.Shape()
	if len(s) != 2 || s[0] != len(labels) {
		panic(&tensor.ShapeError{Op: "SoftmaxCrossEntropy", A: s, B: []int{len(labels)}})
	}
	n, k := s[0], s[1]
	logp := tp.scratch(n, k)
	rowsOp(logp, logits.Value, logSoftmaxRow)
	ld := logp.Data()
	var total float64
	for i, y := range labels {
		if y < 0 || y >= k {
			panic(&tensor.ShapeError{Op: "SoftmaxCrossEntropy", A: s, Msg: fmt.Sprintf("label %d out of range [0, %d)", y, k)})
		}
		row := ld[i*k : (i+1)*k]
		l := -float64(row[y])
		if smoothing > 0 {
			var all float64
			for _, v := range row {
				all -= float64(v)
			}
			l = (1-float64(smoothing))*l + float64(smoothing)*all/float64(k)
		}
		total += l
	}
	out := tp.newVar(logits.needsGrad, 1)
	out.Value.Data()[0] = float32(total / float64(n))
	tp.record(node{kind: opSoftmaxCE, out: out, a: logits, buf: logp, labels: labels, f: smoothing})
	return out
}

// NLL returns the mean negative log-likelihood −mean(logp[i, labels[i]]) of
// log-probabilities logp (n×K) (PyTorch nn.NLLLoss).
func (tp *Tape) NLL(logp *Var, labels []int) *Var {
	s := logp.Value.Shape()
	if len(s) != 2 || s[0] != len(labels) {
		panic(&tensor.ShapeError{Op: "NLL", A: s, B: []int{len(labels)}})
	}
	k := s[1]
	ld := logp.Value.Data()
	var total float64
	for i, y := range labels {
		if y < 0 || y >= k {
			panic(&tensor.ShapeError{Op: "NLL", A: s, Msg: fmt.Sprintf("label %d out of range [0, %d)", y, k)})
		}
		total -= float64(ld[i*k+y])
	}
	out := tp.newVar(logp.needsGrad, 1)
	out.Value.Data()[0] = float32(total / float64(len(labels)))
	tp.record(node{kind: opNLL, out: out, a: logp, labels: labels})
	return out
}

// BCEWithLogits returns the mean binary cross-entropy between sigmoid(logits) and
// targets in [0, 1], computed stably from the logits (PyTorch nn.BCEWithLogitsLoss).
func (tp *Tape) BCEWithLogits(logits, targets *Var) *Var {
	checkSame("BCEWithLogits", logits, targets)
	xd, td := logits.Value.Data(), targets.Value.Data()
	var s float64
	for i, x := range xd {
		xf, t := float64(x), float64(td[i])
		s += math.Max(xf, 0) - xf*t + math.Log1p(math.Exp(-math.Abs(xf)))
	}
	out := tp.newVar(anyGrad(logits, targets), 1)
	out.Value.Data()[0] = float32(s / float64(len(xd)))
	tp.record(node{kind: opBCELogits, out: out, a: logits, b: targets})
	return out
}
