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
//   - Steps that implement fastpath.InPlaceTransformer (StandardScaler) transform the
//     pipeline's own intermediate matrices in place, in Fit and in Predict/Transform;
//     the caller's X is never written. Results are identical either way.
package pipeline
