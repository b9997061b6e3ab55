// Package pipeline composes estimators: Pipeline chains transformers and a final
// estimator, FeatureUnion concatenates the outputs of parallel transformers, and
// TransformedTargetRegressor fits a regressor on a transformed target.
//
// scikit-learn → skgo:
//
//	pipeline.Pipeline                      Pipeline, New
//	pipeline.make_pipeline                 Make
//	pipeline.FeatureUnion                  FeatureUnion, NewFeatureUnion
//	pipeline.make_union                    NewFeatureUnion (branches are named explicitly)
//	compose.TransformedTargetRegressor     TransformedTargetRegressor
//	Pipeline.named_steps[name]             (*Pipeline).Step(name), Named
//	"passthrough" / None                   estimator.Passthrough (nil in SetParams/SetPart)
//	"drop"                                 estimator.Drop (FeatureUnion only)
//	set_params(ridge__alpha=1)             estimator.SetParams(p, estimator.Params{"ridge.Alpha": 1})
//
// # Invariants
//
//   - Steps and branches are addressed by name in parameter paths ("ridge.Alpha",
//     "features.pca.NComponents"); setting the name alone replaces the step.
//   - New, Make and NewFeatureUnion panic on static misuse (bad or duplicate names,
//     a non-transformer before the final step). Fit re-checks the structure, since
//     struct literals and SetParams can build anything, and returns an error naming
//     the step.
//   - Pipeline and FeatureUnion own their parts and fit them in place, atomically:
//     Fit fits clones and, only when every part succeeded, moves the learned state
//     into the caller's part values (which keep their identity, so a pointer obtained
//     from Step before Fit sees the fitted model). A failed Fit changes nothing.
//   - TransformedTargetRegressor, like scikit-learn, fits clones of its Regressor and
//     Transformer and leaves those fields untouched.
//   - Methods a final step lacks return an error wrapping errors.ErrUnsupported.
//   - FeatureUnion runs its branches on internal/parallel: a panic in a branch (a bug,
//     a user's function) comes back from Fit, FitTransform or Transform as an error
//     wrapping a *parallel.PanicError with the branch's name and stack, instead of
//     killing the program.
//   - Bad input is an error, never a panic: nil or unusable matrices (estimator.Dims),
//     empty X, a y of the wrong length, nil or typed-nil steps (also when assigned
//     after Fit), parts that return a nil matrix.
//   - An estimator graph that contains itself (a step set to its own pipeline, a
//     union holding its parent) is refused by Validate and Fit with an
//     *estimator.CycleError, Clone panics with it (as estimator.Clone does), and
//     Predict and Transform check for it too, so a cycle made by assignment after
//     Fit cannot recurse until the stack overflows.
//   - Learned state is versioned and checked on load (estimator.DecodeState): a forged
//     state fails with estimator.ErrState and leaves the receiver unchanged.
//     TransformedTargetRegressor's state holds its fitted parts as nested model
//     files, which UnmarshalState loads with estimator.Load and so checks as well.
//   - Steps that implement fastpath.InPlaceTransformer (StandardScaler) transform the
//     pipeline's own intermediate matrices in place, in Fit and in Predict/Transform;
//     the caller's X is never written. Results are identical either way.
package pipeline
