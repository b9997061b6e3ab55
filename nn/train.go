package nn

import (
	"context"
	"errors"
	"fmt"
	"github.com/skgo/skgo/internal/termio"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/nn/tensor"
)

// ErrStopTraining may be returned by an OnEpoch callback to end training after the
// current epoch (Keras' model.stop_training = True). Fit then succeeds with the
// weights reached so far (or the best ones, with early stopping). Any other error
// returned by OnEpoch aborts Fit, which returns it wrapped and keeps the previous model.
var ErrStopTraining = errors.New("nn: stop training")

// EpochInfo describes a finished training epoch. It is passed to the OnEpoch
// callback of every estimator in this package.
type EpochInfo struct {
	// Epoch counts epochs from 1; Epochs is the configured maximum.
	Epoch, Epochs int
	// Loss is the mean training loss of the epoch over its samples (for MLPs it
	// includes the L2 penalty, like scikit-learn's loss_curve_).
	Loss float64
	// ValScore is the score on the validation split (accuracy for classifiers, R²
	// for regressors), or NaN when EarlyStopping is off.
	ValScore float64
	// LR is the learning rate used in the epoch.
	LR float64
	// Elapsed is the wall-clock time of the epoch (training only, without the
	// validation pass and the callback).
	Elapsed time.Duration

	snap *netFit // the network being trained, with the estimator's label mapping
}

// Predict predicts X with the network as it is at the end of the epoch (labels for
// classifiers, values for regressors), for monitoring during training (for example
// the test accuracy per epoch). It must be called inside the callback: the weights
// keep changing afterwards. Errors are those of the estimator's Predict.
func (e EpochInfo) Predict(X mat.Matrix) ([]float64, error) {
	if e.snap == nil {
		return nil, fmt.Errorf("nn.EpochInfo: no network: %w", estimator.ErrNotFitted)
	}
	return e.snap.predict("nn.EpochInfo", X)
}

// Net returns the network being trained (shared, not copied).
func (e EpochInfo) Net() layer.Layer {
	if e.snap == nil {
		return nil
	}
	return e.snap.net
}

// lossFunc builds the mean loss of a batch from the network output and the
// indices (into the training data) of the batch's rows.
type lossFunc func(tp *autograd.Tape, out *autograd.Var, idx []int) *autograd.Var

// trainSpec is everything the training loop needs. Estimators fill it from their
// hyperparameters (defaults resolved).
type trainSpec struct {
	name    string // "nn.MLPClassifier", for errors
	fit     *netFit
	x       *mat.Dense // n × p, float64 (converted a batch at a time)
	n, p    int
	labels  []int     // class indices (classifiers)
	targets []float32 // regression targets

	loss     lossFunc
	epochs   int
	batch    int // already resolved: 1 ≤ batch
	shuffle  bool
	rng      *rand.Rand
	rule     optim.Rule
	schedule optim.Schedule
	l2       float64           // scikit-learn alpha: adds alpha/(2·nb)·‖W‖² to each batch loss
	l2Params []*autograd.Param // the weights the penalty applies to

	early     bool    // hold out a validation split and stop on its score
	valFrac   float64 // resolved fraction
	stopAfter int     // stop after this many epochs without improvement (0: never)
	tol       float64
	// stopOnLoss makes the loop stop when the training loss stalls (scikit-learn's
	// MLP without early stopping).
	stopOnLoss bool

	onEpoch  func(EpochInfo) error
	progress io.Writer
}

// trainResult is what the loop learned about the run.
type trainResult struct {
	lossCurve []float64
	valScores []float64
	bestVal   float64
	nIter     int
	converged bool
}

// batchSize resolves a BatchSize field: 0 means def (capped at n), and any value is
// capped at n (scikit-learn clips batch_size to n_samples).
func batchSize(b, def, n int) int {
	if b == 0 {
		b = def
	}
	return max(1, min(b, n))
}

// splitValidation returns train and validation row indices. Classifiers split per
// class (stratified, as scikit-learn's MLP does with early_stopping), keeping at least
// one training row per class; regressors split the shuffled rows.
func splitValidation(n int, labels []int, frac float64, rng *rand.Rand) (train, val []int, err error) {
	perm := rng.Perm(n)
	if labels == nil {
		nv := int(math.Ceil(frac * float64(n)))
		if nv < 1 || nv >= n {
			return nil, nil, fmt.Errorf("a validation fraction of %g leaves %d of %d rows for validation: %w", frac, nv, n, estimator.ErrInvalidData)
		}
		val, train = perm[:nv], perm[nv:]
	} else {
		byClass := map[int][]int{}
		var order []int
		for _, i := range perm {
			c := labels[i]
			if _, ok := byClass[c]; !ok {
				order = append(order, c)
			}
			byClass[c] = append(byClass[c], i)
		}
		slices.Sort(order)
		for _, c := range order {
			rows := byClass[c]
			nv := int(math.Round(frac * float64(len(rows))))
			nv = min(nv, len(rows)-1)
			val = append(val, rows[:nv]...)
			train = append(train, rows[nv:]...)
		}
		if len(val) == 0 {
			return nil, nil, fmt.Errorf("a validation fraction of %g leaves no rows for validation (%d rows): %w", frac, n, estimator.ErrInvalidData)
		}
	}
	slices.Sort(train)
	slices.Sort(val)
	return train, val, nil
}

// paramSnapshot copies the values of params and buffers (for best-weights restore).
type paramSnapshot [][]float32

func snapshot(dst paramSnapshot, ts []*tensor.Dense) paramSnapshot {
	if dst == nil {
		dst = make(paramSnapshot, len(ts))
	}
	for i, t := range ts {
		dst[i] = append(dst[i][:0], t.Data()...)
	}
	return dst
}

func (s paramSnapshot) restore(ts []*tensor.Dense) {
	for i, t := range ts {
		copy(t.Data(), s[i])
	}
}

// stateTensors lists every tensor that defines the network's function: parameter
// values and buffers (BatchNorm running statistics).
func stateTensors(l layer.Layer) []*tensor.Dense {
	var ts []*tensor.Dense
	for _, np := range layer.NamedParams(l) {
		ts = append(ts, np.Param.Value)
	}
	for _, b := range layer.Buffers(l) {
		ts = append(ts, b.Tensor)
	}
	return ts
}

// train runs minibatch training of s.fit.net. It checks ctx before each batch and
// returns ctx.Err() unwrapped; a non-finite batch loss stops it with an error
// wrapping estimator.ErrConvergence.
func train(ctx context.Context, s *trainSpec) (*trainResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	net := s.fit.net
	params := layer.Params(net)
	opt := optim.Setup(s.rule, params)
	opt.Schedule = s.schedule
	opt.ZeroGrad()

	trainIdx := make([]int, s.n)
	for i := range trainIdx {
		trainIdx[i] = i
	}
	var valIdx []int
	if s.early {
		var err error
		trainIdx, valIdx, err = splitValidation(s.n, s.labels, s.valFrac, s.rng)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	var valX *mat.Dense
	var valY []float64
	if valIdx != nil {
		valX = mat.NewDense(len(valIdx), s.p, nil)
		valY = make([]float64, len(valIdx))
		for k, i := range valIdx {
			// Validation rows pass through float32 as training rows do.
			row := valX.RawRowView(k)
			for j, v := range s.x.RawRowView(i) {
				row[j] = float64(float32(v))
			}
			if s.labels != nil {
				valY[k] = float64(s.labels[i])
			} else {
				valY[k] = float64(s.targets[i])
			}
		}
	}
	// For validation scoring, predict class indices rather than labels.
	valFit := &netFit{NFeatures: s.p, InShape: s.fit.InShape, net: net}
	if s.labels != nil {
		valFit.Classes = make([]float64, len(s.fit.Classes))
		for k := range valFit.Classes {
			valFit.Classes[k] = float64(k)
		}
	}

	// A partial last batch gets its own tape, so each tape always sees the same
	// shapes: autograd's Add, Sub, Mul and MatMul write into the arena tensor of
	// the previous step without resizing it, and would panic when the batch size
	// changes after a Reset.
	tpFull, tpLast := autograd.NewTape(), autograd.NewTape()
	tpFull.SetRand(s.rng)
	tpLast.SetRand(s.rng)
	batch := min(s.batch, len(trainIdx))
	xbuf := make([]float32, batch*s.p)
	shape := append([]int{0}, s.fit.InShape...)
	nb := (len(trainIdx) + batch - 1) / batch

	res := &trainResult{bestVal: math.Inf(-1)}
	bestLoss := math.Inf(1)
	var best paramSnapshot
	state := stateTensors(net)
	noImprove := 0
	for epoch := 0; epoch < s.epochs; epoch++ {
		opt.SetEpoch(epoch)
		start := time.Now()
		if s.shuffle {
			s.rng.Shuffle(len(trainIdx), func(i, j int) { trainIdx[i], trainIdx[j] = trainIdx[j], trainIdx[i] })
		}
		var sum float64
		lastDraw := start
		redraw := s.progress != nil && termio.IsTerminal(s.progress) // '\r' frames only on a terminal
		cr := ""
		if redraw {
			cr = "\r"
		}
		for b := 0; b < nb; b++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			idx := trainIdx[b*batch : min((b+1)*batch, len(trainIdx))]
			m := len(idx)
			gatherRows(xbuf, s.x, idx)
			shape[0] = m
			xb := tensor.FromSlice(xbuf[:m*s.p], shape...)
			tp := tpFull
			if m != batch {
				tp = tpLast
			}
			tp.Reset()
			out := net.Forward(tp, tp.Input(xb))
			lv := s.loss(tp, out, idx)
			l := lv.Item()
			tp.Backward(lv)
			if s.l2 > 0 {
				c := s.l2 / float64(m)
				var sq float64
				for _, w := range s.l2Params {
					for _, v := range w.Value.Data() {
						sq += float64(v) * float64(v)
					}
					w.Grad.AddScaled(float32(c), w.Value)
				}
				l += 0.5 * c * sq
			}
			if math.IsNaN(l) || math.IsInf(l, 0) {
				return nil, fmt.Errorf("%s: loss is %v at epoch %d, batch %d (lower the learning rate or scale the inputs): %w",
					s.name, l, epoch+1, b+1, estimator.ErrConvergence)
			}
			opt.Step()
			sum += l * float64(m)
			if redraw && (time.Since(lastDraw) > 250*time.Millisecond) {
				lastDraw = time.Now()
				fmt.Fprintf(s.progress, "\repoch %d/%d  batch %d/%d  loss %.4f ", epoch+1, s.epochs, b+1, nb, sum/float64(min((b+1)*batch, len(trainIdx))))
			}
		}
		elapsed := time.Since(start)
		loss := sum / float64(len(trainIdx))
		res.lossCurve = append(res.lossCurve, loss)
		res.nIter = epoch + 1
		val := math.NaN()
		if valX != nil {
			pred, err := valFit.predict(s.name, valX)
			if err != nil {
				return nil, err
			}
			val = score(valY, pred, s.labels != nil)
			res.valScores = append(res.valScores, val)
		}
		if s.progress != nil {
			if valX != nil {
				fmt.Fprintf(s.progress, "%sepoch %d/%d  loss %.4f  validation %.4f  %v\n", cr, epoch+1, s.epochs, loss, val, elapsed.Round(time.Millisecond))
			} else {
				fmt.Fprintf(s.progress, "%sepoch %d/%d  loss %.4f  %v\n", cr, epoch+1, s.epochs, loss, elapsed.Round(time.Millisecond))
			}
		}
		// scikit-learn's _update_no_improvement_count.
		stop := false
		if valX != nil {
			if val < res.bestVal+s.tol {
				noImprove++
			} else {
				noImprove = 0
			}
			if val > res.bestVal {
				res.bestVal = val
				best = snapshot(best, state)
			}
			stop = s.stopAfter > 0 && noImprove >= s.stopAfter
		} else if s.stopOnLoss {
			if loss > bestLoss-s.tol {
				noImprove++
			} else {
				noImprove = 0
			}
			bestLoss = min(bestLoss, loss)
			stop = s.stopAfter > 0 && noImprove >= s.stopAfter
		}
		if s.onEpoch != nil {
			info := EpochInfo{Epoch: epoch + 1, Epochs: s.epochs, Loss: loss, ValScore: val, LR: opt.LR(), Elapsed: elapsed, snap: s.fit}
			if err := s.onEpoch(info); err != nil {
				if errors.Is(err, ErrStopTraining) {
					break
				}
				return nil, fmt.Errorf("%s: OnEpoch: %w", s.name, err)
			}
		}
		if stop {
			res.converged = true
			break
		}
	}
	if best != nil {
		best.restore(state)
	}
	if valX == nil {
		res.bestVal = math.NaN()
	}
	return res, nil
}

// score is accuracy (classifiers, on class indices) or R² (regressors).
func score(y, pred []float64, classifier bool) float64 {
	if classifier {
		hit := 0
		for i := range y {
			if y[i] == pred[i] {
				hit++
			}
		}
		return float64(hit) / float64(len(y))
	}
	var mean float64
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var ssRes, ssTot float64
	for i := range y {
		ssRes += (y[i] - pred[i]) * (y[i] - pred[i])
		ssTot += (y[i] - mean) * (y[i] - mean)
	}
	if ssTot == 0 {
		if ssRes == 0 {
			return 1
		}
		return 0
	}
	return 1 - ssRes/ssTot
}
