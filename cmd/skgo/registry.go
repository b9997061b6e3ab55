package main

import (
	"reflect"
	"sort"
	"strings"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/calibration"
	"github.com/skgo/skgo/estimator/cluster"
	"github.com/skgo/skgo/estimator/ensemble"
	"github.com/skgo/skgo/estimator/isotonic"
	"github.com/skgo/skgo/estimator/linear"
	"github.com/skgo/skgo/estimator/mixture"
	"github.com/skgo/skgo/estimator/naivebayes"
	"github.com/skgo/skgo/estimator/neighbors"
	"github.com/skgo/skgo/estimator/svm"
	"github.com/skgo/skgo/estimator/tree"
	"github.com/skgo/skgo/nn"
	"github.com/skgo/skgo/preprocess"
)

// entry is one model name the --model text accepts.
type entry struct {
	// name is the lower-cased Go type name, as pipeline.Make names steps.
	name string
	// aliases are other accepted spellings: the lower-cased scikit-learn class name
	// where it differs from ours ("linearregression" for linear.Regression).
	aliases []string
	// family is the Go package, for listings ("linear", "preprocess").
	family string
	// missingOK says the estimator takes NaN in X (imputers, histogram boosting), so
	// missing numeric cells are not rejected up front when it is the first step.
	missingOK bool
	new       func() estimator.Estimator
}

// registry lists every estimator and transformer of the library that can be built
// from its zero value plus scalar settings. Left out: meta-estimators whose children
// cannot be written in one line (Pipeline, FeatureUnion, ColumnTransformer,
// TransformedTargetRegressor, Stacking*, Voting*, tuning.Search), estimators
// configured by Go functions (FunctionTransformer, SelectKBest, nn.Net*), and
// clusterers that cannot label new rows (DBSCAN, AgglomerativeClustering).
var registry = []entry{
	// linear
	{name: "regression", aliases: []string{"linearregression"}, family: "linear", new: func() estimator.Estimator { return &linear.Regression{} }},
	{name: "ridge", family: "linear", new: func() estimator.Estimator { return &linear.Ridge{} }},
	{name: "ridgecv", family: "linear", new: func() estimator.Estimator { return &linear.RidgeCV{} }},
	{name: "ridgeclassifier", family: "linear", new: func() estimator.Estimator { return &linear.RidgeClassifier{} }},
	{name: "ridgeclassifiercv", family: "linear", new: func() estimator.Estimator { return &linear.RidgeClassifierCV{} }},
	{name: "lasso", family: "linear", new: func() estimator.Estimator { return &linear.Lasso{} }},
	{name: "elasticnet", family: "linear", new: func() estimator.Estimator { return &linear.ElasticNet{} }},
	{name: "lassocv", family: "linear", new: func() estimator.Estimator { return &linear.LassoCV{} }},
	{name: "elasticnetcv", family: "linear", new: func() estimator.Estimator { return &linear.ElasticNetCV{} }},
	{name: "ardregression", family: "linear", new: func() estimator.Estimator { return &linear.ARDRegression{} }},
	{name: "quantileregressor", family: "linear", new: func() estimator.Estimator { return &linear.QuantileRegressor{} }},
	{name: "bayesianridge", family: "linear", new: func() estimator.Estimator { return &linear.BayesianRidge{} }},
	{name: "huberregressor", family: "linear", new: func() estimator.Estimator { return &linear.HuberRegressor{} }},
	{name: "logistic", aliases: []string{"logisticregression"}, family: "linear", new: func() estimator.Estimator { return &linear.Logistic{} }},
	{name: "logisticcv", aliases: []string{"logisticregressioncv"}, family: "linear", new: func() estimator.Estimator { return &linear.LogisticCV{} }},
	{name: "sgdclassifier", family: "linear", new: func() estimator.Estimator { return &linear.SGDClassifier{} }},
	{name: "sgdregressor", family: "linear", new: func() estimator.Estimator { return &linear.SGDRegressor{} }},
	// tree
	{name: "decisiontreeclassifier", family: "tree", new: func() estimator.Estimator { return &tree.DecisionTreeClassifier{} }},
	{name: "decisiontreeregressor", family: "tree", new: func() estimator.Estimator { return &tree.DecisionTreeRegressor{} }},
	// ensemble
	{name: "randomforestclassifier", family: "ensemble", new: func() estimator.Estimator { return &ensemble.RandomForestClassifier{} }},
	{name: "randomforestregressor", family: "ensemble", new: func() estimator.Estimator { return &ensemble.RandomForestRegressor{} }},
	{name: "extratreesclassifier", family: "ensemble", new: func() estimator.Estimator { return &ensemble.ExtraTreesClassifier{} }},
	{name: "extratreesregressor", family: "ensemble", new: func() estimator.Estimator { return &ensemble.ExtraTreesRegressor{} }},
	{name: "gradientboostingclassifier", family: "ensemble", new: func() estimator.Estimator { return &ensemble.GradientBoostingClassifier{} }},
	{name: "gradientboostingregressor", family: "ensemble", new: func() estimator.Estimator { return &ensemble.GradientBoostingRegressor{} }},
	{name: "histgradientboostingclassifier", family: "ensemble", missingOK: true, new: func() estimator.Estimator { return &ensemble.HistGradientBoostingClassifier{} }},
	{name: "histgradientboostingregressor", family: "ensemble", missingOK: true, new: func() estimator.Estimator { return &ensemble.HistGradientBoostingRegressor{} }},
	{name: "adaboostclassifier", family: "ensemble", new: func() estimator.Estimator { return &ensemble.AdaBoostClassifier{} }},
	{name: "adaboostregressor", family: "ensemble", new: func() estimator.Estimator { return &ensemble.AdaBoostRegressor{} }},
	{name: "baggingclassifier", family: "ensemble", new: func() estimator.Estimator { return &ensemble.BaggingClassifier{} }},
	{name: "baggingregressor", family: "ensemble", new: func() estimator.Estimator { return &ensemble.BaggingRegressor{} }},
	{name: "isolationforest", family: "ensemble", new: func() estimator.Estimator { return &ensemble.IsolationForest{} }},
	// svm
	{name: "svc", family: "svm", new: func() estimator.Estimator { return &svm.SVC{} }},
	{name: "nusvc", family: "svm", new: func() estimator.Estimator { return &svm.NuSVC{} }},
	{name: "svr", family: "svm", new: func() estimator.Estimator { return &svm.SVR{} }},
	{name: "nusvr", family: "svm", new: func() estimator.Estimator { return &svm.NuSVR{} }},
	{name: "linearsvc", family: "svm", new: func() estimator.Estimator { return &svm.LinearSVC{} }},
	{name: "linearsvr", family: "svm", new: func() estimator.Estimator { return &svm.LinearSVR{} }},
	{name: "oneclasssvm", family: "svm", new: func() estimator.Estimator { return &svm.OneClassSVM{} }},
	// neighbors
	{name: "kneighborsclassifier", family: "neighbors", new: func() estimator.Estimator { return &neighbors.KNeighborsClassifier{} }},
	{name: "kneighborsregressor", family: "neighbors", new: func() estimator.Estimator { return &neighbors.KNeighborsRegressor{} }},
	{name: "radiusneighborsclassifier", family: "neighbors", new: func() estimator.Estimator { return &neighbors.RadiusNeighborsClassifier{} }},
	{name: "radiusneighborsregressor", family: "neighbors", new: func() estimator.Estimator { return &neighbors.RadiusNeighborsRegressor{} }},
	// naivebayes
	{name: "gaussiannb", family: "naivebayes", new: func() estimator.Estimator { return &naivebayes.GaussianNB{} }},
	{name: "multinomialnb", family: "naivebayes", new: func() estimator.Estimator { return &naivebayes.MultinomialNB{} }},
	{name: "complementnb", family: "naivebayes", new: func() estimator.Estimator { return &naivebayes.ComplementNB{} }},
	{name: "bernoullinb", family: "naivebayes", new: func() estimator.Estimator { return &naivebayes.BernoulliNB{} }},
	{name: "categoricalnb", family: "naivebayes", new: func() estimator.Estimator { return &naivebayes.CategoricalNB{} }},
	// cluster, mixture
	{name: "kmeans", family: "cluster", new: func() estimator.Estimator { return &cluster.KMeans{} }},
	{name: "minibatchkmeans", family: "cluster", new: func() estimator.Estimator { return &cluster.MiniBatchKMeans{} }},
	{name: "gaussianmixture", family: "mixture", new: func() estimator.Estimator { return &mixture.GaussianMixture{} }},
	// isotonic, calibration
	{name: "isotonicregression", family: "isotonic", new: func() estimator.Estimator { return &isotonic.IsotonicRegression{} }},
	{name: "calibratedclassifiercv", family: "calibration", new: func() estimator.Estimator { return &calibration.CalibratedClassifierCV{} }},
	// nn
	{name: "mlpclassifier", family: "nn", new: func() estimator.Estimator { return &nn.MLPClassifier{} }},
	{name: "mlpregressor", family: "nn", new: func() estimator.Estimator { return &nn.MLPRegressor{} }},
	{name: "cnnclassifier", family: "nn", new: func() estimator.Estimator { return &nn.CNNClassifier{} }},
	// preprocess
	{name: "standardscaler", family: "preprocess", new: func() estimator.Estimator { return &preprocess.StandardScaler{} }},
	{name: "minmaxscaler", family: "preprocess", new: func() estimator.Estimator { return &preprocess.MinMaxScaler{} }},
	{name: "maxabsscaler", family: "preprocess", new: func() estimator.Estimator { return &preprocess.MaxAbsScaler{} }},
	{name: "robustscaler", family: "preprocess", new: func() estimator.Estimator { return &preprocess.RobustScaler{} }},
	{name: "normalizer", family: "preprocess", new: func() estimator.Estimator { return &preprocess.Normalizer{} }},
	{name: "polynomialfeatures", family: "preprocess", new: func() estimator.Estimator { return &preprocess.PolynomialFeatures{} }},
	{name: "splinetransformer", family: "preprocess", new: func() estimator.Estimator { return &preprocess.SplineTransformer{} }},
	{name: "kbinsdiscretizer", family: "preprocess", new: func() estimator.Estimator { return &preprocess.KBinsDiscretizer{} }},
	{name: "pca", family: "preprocess", new: func() estimator.Estimator { return &preprocess.PCA{} }},
	{name: "incrementalpca", family: "preprocess", new: func() estimator.Estimator { return &preprocess.IncrementalPCA{} }},
	{name: "truncatedsvd", family: "preprocess", new: func() estimator.Estimator { return &preprocess.TruncatedSVD{} }},
	{name: "kernelpca", family: "preprocess", new: func() estimator.Estimator { return &preprocess.KernelPCA{} }},
	{name: "fastica", family: "preprocess", new: func() estimator.Estimator { return &preprocess.FastICA{} }},
	{name: "nmf", family: "preprocess", new: func() estimator.Estimator { return &preprocess.NMF{} }},
	{name: "powertransformer", family: "preprocess", new: func() estimator.Estimator { return &preprocess.PowerTransformer{} }},
	{name: "quantiletransformer", family: "preprocess", new: func() estimator.Estimator { return &preprocess.QuantileTransformer{} }},
	{name: "variancethreshold", family: "preprocess", new: func() estimator.Estimator { return &preprocess.VarianceThreshold{} }},
	{name: "simpleimputer", family: "preprocess", missingOK: true, new: func() estimator.Estimator { return &preprocess.SimpleImputer{} }},
	{name: "missingindicator", family: "preprocess", missingOK: true, new: func() estimator.Estimator { return &preprocess.MissingIndicator{} }},
	{name: "onehotencoder", family: "preprocess", new: func() estimator.Estimator { return &preprocess.OneHotEncoder{} }},
	{name: "ordinalencoder", family: "preprocess", new: func() estimator.Estimator { return &preprocess.OrdinalEncoder{} }},
}

// lookup finds the entry named name (case-insensitive, underscores and dashes
// ignored, aliases accepted).
func lookup(name string) (*entry, bool) {
	key := normalize(name)
	for i := range registry {
		e := &registry[i]
		if e.name == key {
			return e, true
		}
		for _, a := range e.aliases {
			if a == key {
				return e, true
			}
		}
	}
	return nil, false
}

// entryOf returns the registry entry of a built estimator's type.
func entryOf(e estimator.Estimator) (*entry, bool) {
	t := reflect.TypeOf(e)
	for i := range registry {
		if reflect.TypeOf(registry[i].new()) == t {
			return &registry[i], true
		}
	}
	return nil, false
}

// modelNames returns every accepted name and alias, sorted.
func modelNames() []string {
	var names []string
	for _, e := range registry {
		names = append(names, e.name)
		names = append(names, e.aliases...)
	}
	sort.Strings(names)
	return names
}

// normalize lower-cases s and drops underscores and dashes, so "max_iter", "MaxIter"
// and "maxiter" compare equal.
func normalize(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "_", "")
	return strings.ReplaceAll(s, "-", "")
}
