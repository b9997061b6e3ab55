// Package naivebayes provides scikit-learn's naive Bayes classifiers.
//
// # Models
//
//	scikit-learn                       skgo
//	naive_bayes.GaussianNB             GaussianNB
//	  var_smoothing, priors              VarSmoothing, Priors
//	  theta_, var_, class_prior_         Theta(), Var(), ClassPrior()
//	  class_count_, epsilon_             ClassCount(), Epsilon()
//	naive_bayes.MultinomialNB          MultinomialNB
//	naive_bayes.BernoulliNB            BernoulliNB
//	naive_bayes.ComplementNB           ComplementNB
//	naive_bayes.CategoricalNB          CategoricalNB
//	  min_categories                     MinCategories
//	  category_count_, n_categories_     CategoryCount(), NCategories()
//	  alpha, fit_prior, class_prior      Alpha, NoFitPrior, ClassPrior
//	  binarize (BernoulliNB)             Binarize, NoBinarize (binarize=None)
//	  norm (ComplementNB)                Norm
//	  feature_log_prob_                  FeatureLogProb()
//	  class_log_prior_                   ClassLogPrior()
//	  feature_count_, class_count_       FeatureCount(), ClassCount()
//	fit(X, y, sample_weight)           Fit, FitWeighted
//	partial_fit(X, y, classes)         PartialFit, PartialFitWeighted
//	predict, predict_proba             Predict, PredictProba
//	predict_log_proba                  PredictLogProba
//
// Every model follows scikit-learn 1.2.1's algorithm exactly; probabilities,
// counts and log probabilities agree with it within 1e-9 relative (the tested
// tolerance) on iris and on synthetic count and categorical data (see the goldens in
// testdata). CategoricalNB rejects X values that are not integer category codes,
// where scikit-learn truncates them, and a category unseen at fit time at
// prediction, where scikit-learn raises IndexError. Each model checks its hyperparameters (Validate returns a
// *estimator.ParamError), rejects NaN, Inf and empty input with
// estimator.ErrInvalidData, and implements estimator.WeightedFitter and
// estimator.StateMarshaler. A fit whose parameters float64 cannot represent (data
// near 1e300, whose squares overflow) is an error wrapping estimator.ErrInvalidData,
// and prediction returns such an error rather than a NaN probability.
//
// PartialFit follows scikit-learn's partial_fit: the first call on an unfitted model
// needs the full list of classes, later calls update the model with one more batch.
// Fit always starts afresh.
package naivebayes
