package folds

import "context"

// RunOne fits and scores a single job on the calling goroutine, exactly as Run does for
// each of its jobs (the same row selection, fit, scoring, timing and iteration
// counts), and returns its outcome or its error, unlabelled. A panic is not recovered
// here: callers wrap it (parallel.Protect). It is the worker side of crossval's
// executor seam, so a job run by another engine computes what Run computes.
func RunOne(ctx context.Context, cfg *Config, job Job) (Out, error) {
	if err := ctx.Err(); err != nil {
		return Out{}, err
	}
	return cfg.run(ctx, 0, job)
}
