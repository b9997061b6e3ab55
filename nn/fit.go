package nn

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/nn/tensor"
)

// regLoss names the loss of a regressor.
type regLoss int

const (
	lossHalfMSE regLoss = iota // scikit-learn's squared_error: mean((p − y)²)/2
	lossMSE
	lossMAE
	lossHuber
)

// fitSpec describes one Fit call of any estimator of the package, with every
// hyperparameter resolved.
type fitSpec struct {
	name       string
	classifier bool
	// inShape returns the per-sample input shape for p features.
	inShape func(p int) ([]int, error)
	// size returns the size of the network for f (Classes, NFeatures and InShape
	// are set), computed without allocating, and an error when it exceeds the caps;
	// nil for user-built networks.
	size func(f *netFit) (netSize, error)
	// build makes the network for f (Classes, NFeatures and InShape are set) from
	// rng, and lists the weights an L2 penalty applies to.
	build func(f *netFit, rng *rand.Rand) (layer.Layer, []*autograd.Param, error)

	epochs, batch, batchDef int
	noShuffle               bool
	seed                    uint64
	rule                    optim.Rule
	schedule                optim.Schedule
	l2                      float64
	early                   bool
	valFrac                 float64
	stopAfter               int
	tol                     float64
	stopOnLoss              bool
	smoothing               float64
	regLoss                 regLoss
	huberDelta              float64
	onEpoch                 func(EpochInfo) error
	progress                io.Writer
}

// fitNet validates the data, builds the network and trains it. It returns the new
// learned state; the caller assigns it only on success. No panic escapes it (see
// guard), and a model whose weights are not finite at the end is an error wrapping
// estimator.ErrConvergence, never a NaN model.
func fitNet(ctx context.Context, s *fitSpec, X mat.Matrix, y []float64) (f *netFit, err error) {
	defer guard(s.name, &err)
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	if y == nil {
		return nil, fmt.Errorf("%s: y is nil; a supervised estimator needs targets: %w", s.name, estimator.ErrInvalidData)
	}
	n, p := x.Dims()
	f = &netFit{NFeatures: p}
	var labels []int
	var targets []float32
	if s.classifier {
		classes, err := estimator.CheckClassLabels(y)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		f.Classes = classes
		labels = classIndices(y, classes)
	} else {
		targets = make([]float32, n)
		for i, v := range y {
			targets[i] = float32(v)
		}
		if err := checkFloat32(targets); err != nil {
			return nil, fmt.Errorf("%s: y: %w", s.name, err)
		}
	}
	if f.InShape, err = s.inShape(p); err != nil {
		return nil, err
	}
	batch := batchSize(s.batch, s.batchDef, n)
	if s.size != nil {
		size, err := s.size(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		if err := size.checkBatch(batch); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		f.chunk = size.chunk()
	}
	// X stays float64: each batch's rows are converted as they are gathered (train),
	// so no float32 copy of the whole X is made. Here it is only checked to fit.
	if err := checkXFloat32(x); err != nil {
		return nil, fmt.Errorf("%s: X: %w", s.name, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	rng := seededRand(s.seed)
	net, l2Params, err := s.build(f, rng)
	if err != nil {
		return nil, err
	}
	f.net, f.Arch, f.NParams = net, describe(net), layer.NumParams(net)
	nOut, what := 1, "one output for regression"
	if s.classifier {
		nOut, what = len(f.Classes), fmt.Sprintf("one logit per class, %d classes", len(f.Classes))
	}
	if err := checkOutput(s.name, net, f.InShape, nOut, what); err != nil {
		return nil, err
	}

	ts := &trainSpec{
		name: s.name, fit: f, x: x, n: n, p: p, labels: labels, targets: targets,
		epochs: s.epochs, batch: batch, shuffle: !s.noShuffle,
		rng: rng, rule: s.rule, schedule: s.schedule, l2: s.l2, l2Params: l2Params,
		early: s.early, valFrac: s.valFrac, stopAfter: s.stopAfter, tol: s.tol, stopOnLoss: s.stopOnLoss,
		onEpoch: s.onEpoch, progress: s.progress,
	}
	if s.classifier {
		lbuf := make([]int, ts.batch)
		sm := float32(s.smoothing)
		ts.loss = func(tp *autograd.Tape, out *autograd.Var, idx []int) *autograd.Var {
			lb := lbuf[:len(idx)]
			for k, i := range idx {
				lb[k] = labels[i]
			}
			return tp.SoftmaxCrossEntropy(out, lb, sm)
		}
	} else {
		tbuf := make([]float32, ts.batch)
		kind, delta := s.regLoss, float32(s.huberDelta)
		ts.loss = func(tp *autograd.Tape, out *autograd.Var, idx []int) *autograd.Var {
			tb := tbuf[:len(idx)]
			for k, i := range idx {
				tb[k] = targets[i]
			}
			t := tp.Input(tensor.FromSlice(tb, len(idx), 1))
			switch kind {
			case lossMSE:
				return tp.MSE(out, t)
			case lossMAE:
				return tp.MAE(out, t)
			case lossHuber:
				return tp.Huber(out, t, delta)
			}
			return tp.Scale(0.5, tp.MSE(out, t))
		}
	}
	res, err := train(ctx, ts)
	if err != nil {
		return nil, err
	}
	if !finiteNet(net) {
		return nil, fmt.Errorf("%s: the weights are no longer finite after %d epochs (lower the learning rate or scale the inputs and targets): %w",
			s.name, res.nIter, estimator.ErrConvergence)
	}
	f.LossCurve, f.ValScores, f.BestVal = res.lossCurve, res.valScores, res.bestVal
	f.NIter, f.Converged = res.nIter, res.converged
	return f, nil
}

// flatShape is the inShape of estimators on flat rows.
func flatShape(p int) ([]int, error) { return []int{p}, nil }
