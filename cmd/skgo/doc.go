// Command skgo cross-validates, fits, searches, saves and applies skgo models on a
// CSV file, for people who have data and no Go program. It is a thin shell over the
// library: the flags build a pipeline from a short model text and make the same
// crossval, tuning and estimator.Save calls a Go program would.
//
// # Install
//
// From a clone of the repository:
//
//	go install ./cmd/skgo                         # or: CGO_ENABLED=0 go build ./cmd/skgo (one static binary)
//
// # Commands
//
//	skgo cv      --data FILE.csv --model TEXT [--target COL] [--cv K] [--shuffle --seed S] [--scoring a,b] [--plot DIR] [--json]
//	skgo fit     --data FILE.csv --model TEXT [--target COL] [-o model.skgo] [--scoring a,b] [--plot DIR] [--json]
//	skgo search  --data FILE.csv --model TEXT --grid 'step.param=v1,v2' [--grid ...] [--random N] [-o best.skgo] [...]
//	skgo predict -m model.skgo [--proba] [--skip-rows N] FILE.csv     (or - for standard input)
//	skgo info    [--json] model.skgo
//	skgo models  [NAME]                                               (the names --model accepts, or NAME's parameters)
//
// For example, examples/boston's pipeline on scikit-learn's Boston CSV (whose first
// line is a count row, hence --skip-rows 1):
//
//	skgo cv --data boston_house_prices.csv --skip-rows 1 --target MEDV \
//	    --model 'standardscaler | polynomialfeatures degree=2 nobias | ridge alpha=10' \
//	    --cv 10 --shuffle --seed 1
//	skgo search --data boston_house_prices.csv --skip-rows 1 \
//	    --model 'standardscaler | polynomialfeatures degree=2 nobias | ridge' \
//	    --grid 'ridge.alpha=0.1,1,10,100' -o best.skgo --plot plots
//	skgo predict -m best.skgo --skip-rows 1 boston_house_prices.csv > predictions.csv
//
// # Model text
//
// A model is steps separated by '|'. A step is a model name and settings:
//
//	standardscaler | polynomialfeatures degree=2 | ridge alpha=10
//	mlpregressor hidden=64,32 max_iter=300 optimizer=adam optimizer.lr=0.01 seed=1
//
// Names are the lower-cased Go type names of the library's estimators and
// transformers (ridge, logistic, randomforestregressor, svc, kneighborsclassifier,
// gaussiannb, kmeans, mlpclassifier, standardscaler, pca, onehotencoder, ...), plus the
// scikit-learn names where ours differ (linearregression, logisticregression); skgo
// models lists them all. Every step but the last must be a transformer. Settings are
// the types' exported fields, matched case-insensitively with underscores ignored
// (max_iter is MaxIter, a unique prefix is enough, and random_state, n_jobs and
// hidden_layer_sizes mean Seed, Workers and HiddenSizes); a bool alone means true
// (nobias); values are parsed to the field's type: numbers, bools, strings and
// enums, comma-separated lists (hidden=64,32), optimiser names (sgd, adam, adamw,
// rmsprop, adagrad) and, after a dot, the fields of a struct-valued setting
// (optimizer.lr). Unset fields keep their zero value, which means scikit-learn's
// default. Steps are named as pipeline.Make names them (the type name; -1, -2 for
// repeats), which is what --grid and info use.
//
// # Data
//
// --data is a CSV file with a header row (after --skip-rows rows). Column types are
// inferred by gota: columns of numbers are features as they are; columns holding text
// are one-hot encoded by a preprocess.ColumnTransformer put in front of the model
// (numeric columns passed through first, then OneHotEncoder with
// HandleUnknown "ignore", so a category unseen at fit time encodes as zeros) unless
// --no-onehot, and --categorical COL encodes a column of numbers as categories too.
// A column of numbers with a stray word is an error, not a column of categories. The
// target is --target (default: the last column); --drop leaves columns out. Empty,
// NA, NaN, N/A and ? cells are missing values: an error naming the column and the
// line, unless the first step takes them (simpleimputer, missingindicator,
// histgradientboosting*). A classifier's target may be text: classes are the sorted
// distinct labels, and predict prints labels.
//
// # Cross-validation, scoring, search
//
// --cv K uses KFold (StratifiedKFold for classifiers), unshuffled unless --shuffle
// (--seed seeds the shuffle). --scoring takes scikit-learn's scorer names
// (metrics.ScorerByName), default r2 or accuracy; search ranks by the first. cv
// prints scikit-learn's cross_validate as a table: one row per fold (train and test
// sizes, fit_time, score_time, test_<scorer>) and mean ± std (numpy's std).
//
// --grid 'step.param=v1,v2' adds a grid axis (repeatable; the step may be left out
// when one step alone has the parameter; list-valued parameters separate values
// with ';', as in hidden=64;64,32). --random N draws N candidates instead, where an
// axis may also be loguniform(a,b), uniform(a,b) or intuniform(a,b) (bounds
// included). search -o saves the best candidate refitted on all rows.
//
// # Files, output, plots
//
// fit -o (and search -o) writes two records in estimator.Save's format: a manifest
// (the model text, the feature columns in order, the string and one-hot columns, the
// target and class names) and the fitted pipeline, the ColumnTransformer included.
// predict and info rebuild the pipeline from the manifest and load the state into
// it; a damaged or foreign file is an error. predict finds the feature columns by
// name (other columns are ignored) and writes CSV to standard output: a column named
// after the target, exact to the last bit (shortest round-tripping decimals), and
// with --proba one proba_<class> column per class.
//
// --json prints machine-readable results instead of tables. --plot DIR writes PNG
// pictures with package plot: prediction_error.png for regressors and
// confusion_matrix.png for classifiers (cv: from cross-validated predictions, which
// fits the folds once more; fit: on the training rows), and validation_curve.png for
// a search over one numeric parameter.
//
// Progress goes to standard error only when it is a terminal; otherwise skgo prints
// nothing there but errors.
//
// # Errors and exit codes
//
// Every error is one line on standard error, prefixed "skgo: ", never a stack
// trace. The exit code is 0 on success, 1 when the command failed (a missing file, a
// malformed CSV, a bad model file, a failed fit) and 2 for a wrong command line
// (unknown command, flag, model name, parameter or scorer; names come with close
// matches).
//
// Not reachable from the command line: meta-estimators whose parts are estimators
// (pipelines inside steps, FeatureUnion, stacking, voting, a Bagging or AdaBoost base
// other than the default), estimators configured by Go functions
// (FunctionTransformer, SelectKBest, nn.NetClassifier) and clusterers without
// Predict (DBSCAN, AgglomerativeClustering).
package main
