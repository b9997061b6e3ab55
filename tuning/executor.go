package tuning

import (
	"context"
	"fmt"

	"github.com/skgo/skgo/crossval"
	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/internal/folds"
)

// execute runs the candidates × folds jobs of one evaluate call on s.Executor (see
// Search.Executor) and returns their outcomes indexed ci*nf+fi, reporting each to
// Progress and the Logger in job order once the executor returns. Every candidate is
// sent as a model file (its prototype, with its parameters set, written by
// estimator.Save), the folds as row indices and the scorers by name.
func (ev *evaluator) execute(ctx context.Context, cands []estimator.Params, index []int, protos []estimator.Estimator,
	fs []crossval.Fold, iteration int) ([]folds.Out, error) {
	names, err := crossval.ScorerNames(ev.scorers)
	if err != nil {
		return nil, fmt.Errorf("tuning.Search: %w", err)
	}
	models, err := crossval.Models(protos, cands)
	if err != nil {
		return nil, fmt.Errorf("tuning.Search: %w", err)
	}
	nc, nf := len(cands), len(fs)
	b := &crossval.Batch{
		Prefix: "tuning.Search", X: ev.X, Y: ev.y, W: ev.w, Prototype: ev.s.Estimator,
		Models: models, Folds: fs, Scorers: names, TrainScore: ev.s.ReturnTrainScore,
		ContinueOnError: ev.s.ContinueOnError, Workers: ev.s.Workers,
		Jobs: make([]crossval.Job, 0, nc*nf),
	}
	for ci := range nc {
		for fi := range nf {
			b.Jobs = append(b.Jobs, crossval.Job{Model: ci, Fold: fi,
				Label: fmt.Sprintf("candidate %d %v, fold %d", index[ci], cands[ci], fi+1)})
		}
	}
	outs, err := crossval.ExecuteBatch(ctx, ev.s.Executor, b)
	if err != nil {
		return nil, err
	}
	res := make([]folds.Out, len(outs))
	for k, o := range outs {
		res[k] = folds.Out{Test: o.Test, Train: o.Train, FitTime: o.FitTime, ScoreTime: o.ScoreTime,
			Iterative: o.Iterative, NIter: o.NIter, Converged: o.Converged, Err: o.Err}
		ci := k / nf
		ev.report(&res[k], index[ci], k%nf, iteration, cands[ci])
	}
	return res, nil
}
