// Package nn holds skgo's neural-network estimators: multi-layer perceptrons with
// scikit-learn's knobs, a convolutional classifier whose architecture is data, and
// wrappers that train any network built with package layer. They are ordinary
// estimators: they compose with pipelines, cross-validation, search, Save and Load.
//
// # scikit-learn (and friends) → skgo
//
//	sklearn.neural_network.MLPClassifier    MLPClassifier
//	sklearn.neural_network.MLPRegressor     MLPRegressor
//	(Keras/PyTorch CNN training loop)       CNNClassifier + ConvSpec
//	skorch.NeuralNetClassifier              NetClassifier{Build: ...}
//	skorch.NeuralNetRegressor               NetRegressor{Build: ...}
//	hidden_layer_sizes                      HiddenSizes (nil → [100])
//	activation                              Activation, a layer.Activation ("" and "relu" ReLU, "tanh",
//	                                        "logistic", "identity", or another layer activation such as "gelu")
//	alpha                                   Alpha (zero is literal; scikit-learn's default is 1e-4)
//	batch_size="auto"                       BatchSize 0 → min(200, n) (MLPs), 32 (CNN, Net)
//	solver="adam", learning_rate_init       Optimizer optim.Rule (nil → &optim.Adam{LR: 1e-3})
//	max_iter                                MaxIter (MLPs; 0 → 200), Epochs (CNN, Net; 0 → 10)
//	shuffle=True                            NoShuffle false
//	random_state                            Seed
//	early_stopping, validation_fraction     EarlyStopping, ValidationFraction (0 → 0.1)
//	n_iter_no_change, tol                   NIterNoChange (0 → 10), Tol (0 → 1e-4) (MLPs);
//	                                        Patience (0 → 5), Tol (literal, Keras min_delta) (CNN, Net)
//	loss_curve_, n_iter_                    LossCurve(), NIter()
//	validation_scores_, best_validation_score_  ValidationScores(), BestValidationScore()
//	classes_                                Classes()
//	coefs_, intercepts_                     Net() (the fitted layer.Layer; weights by layer.NamedParams)
//
// # Training
//
// Every estimator trains the same way: X stays float64 and each minibatch's rows are
// converted to float32 as they are gathered (the network computes in float32;
// predictions are converted back), so no float32 copy of the whole X is made and X
// must not change during Fit (OnEpoch included); the network is built from a PCG generator seeded with (Seed, Seed), and then, per
// epoch, the training rows are shuffled with the same generator and cut into
// minibatches. One autograd.Tape is reused across batches (Reset per batch), so a
// steady-state step allocates almost nothing. Dropout draws from the same generator,
// and the parallel kernels of nn/tensor are deterministic, so a refit with the same
// Seed reproduces the model bit for bit, for any GOMAXPROCS.
//
// With EarlyStopping, a fraction of the rows is held out (stratified by class for
// classifiers, as scikit-learn's MLP does; a plain shuffled split for regressors).
// After each epoch the validation score (accuracy, or R² for regressors) is
// computed; training stops once it has not improved by more than Tol for
// NIterNoChange+1 epochs (MLPs, scikit-learn's rule) or Patience epochs (CNN, Net,
// Keras' rule), and the best weights are restored. Without EarlyStopping the MLPs
// stop, like scikit-learn, when the training loss has not decreased by Tol for
// NIterNoChange+1 epochs; the CNN and Net estimators run all their Epochs.
//
// Fit checks ctx before every batch and returns ctx.Err() (so errors.Is(err,
// context.Canceled) holds). A NaN or infinite batch loss stops training with an
// error wrapping estimator.ErrConvergence that names the epoch and batch, in the
// manner of Flux's DomainError: "nn.MLPRegressor: loss is NaN at epoch 3, batch 17".
// OnEpoch callbacks (tagged param:"-") see an EpochInfo after every epoch and may
// return ErrStopTraining; Progress (an io.Writer, nil = quiet) receives a progress
// display redrawn with '\r'.
//
// # Activations
//
// There is one activation type, layer.Activation, whose values are scikit-learn's
// strings ("relu", "tanh", "logistic", "identity") plus the other layer activations
// ("gelu", "elu", ...). The estimators' Activation field has that type; SetParams
// and search grids take plain strings. The empty string means the field's default:
// ReLU for these estimators (scikit-learn's default), the identity in a layer.Dense.
//
// # Size limits
//
// A setting that Validate accepts cannot exhaust memory: Validate computes the size
// of the network arithmetically, allocating nothing (CNNClassifier included), and
// rejects, with an *estimator.ParamError naming the field, networks above
// [MaxParams] trainable parameters (1<<28, 1 GiB of float32), above
// [MaxActivations] values per sample across the layers (1<<24), or whose training
// batch would hold more than [MaxBatchValues] activation values (1<<28). What
// depends on the data (the input width, the image shape when InputShape is zero, the
// number of classes) is checked the same way at the start of Fit, before the network
// is built. Predict runs large inputs through the network in chunks whose
// activations stay below 1<<24 values.
//
// # Errors
//
// Hyperparameter errors are *estimator.ParamError (Validate and Fit), including nil
// pointers held in the Optimizer or Schedule interface ((*optim.Adam)(nil)) and a
// Build function that returns a nil network or one with a nil layer (layer.Check).
// Data errors wrap estimator.ErrInvalidData (NaN/Inf, values beyond float32's range,
// empty X, a single class) or estimator.ErrShape (wrong column count, an image shape
// that does not match the columns, a convolution stack whose shapes do not chain, a
// network whose output does not fit the task). A non-finite training loss, or
// weights that are no longer finite when training ends, is an error wrapping
// estimator.ErrConvergence: Fit never returns a NaN model. Predict and PredictProba
// never return NaN silently either: an output that overflows float32 arithmetic is
// an error wrapping ErrInvalidData.
//
// No panic escapes Fit, Predict, PredictProba or UnmarshalState: a
// *tensor.ShapeError raised inside (a user-built network whose shapes do not fit) is
// returned as an error wrapping estimator.ErrShape, and any other panic (a bug in a
// user's layer, Build or OnEpoch function, or in this package) as an error carrying
// the panic value and its stack.
//
// # Persistence
//
// Architecture is code, state is data. MarshalState stores the classes, the input
// width and shape, a description of the network, its parameter count, the training
// curves and the weights (layer.MarshalWeights), behind a per-type version
// (estimator.EncodeState). A model file is untrusted input, so UnmarshalState
// (called by estimator.Load after the hyperparameters are restored and validated,
// which bounds the network's size) checks before it builds anything that the saved
// input shape, classes and parameter count are the ones the hyperparameters imply,
// and that the saved tensors' shapes (read without decoding them) add up to that
// count; it then rebuilds the network from the hyperparameters, or with Build for
// NetClassifier and NetRegressor (whose description and parameter count are compared
// after Build), loads the weights and checks that they are finite. Any failure is an
// error wrapping estimator.ErrState (and layer.ErrArchitecture when the saved network
// does not fit the hyperparameters), and the receiver is left unchanged. The
// skeleton may be the zero value (&nn.CNNClassifier{}): the optimiser rule and
// schedule come from the file, because every estimator lists the types of nn/optim
// in ParamTypes (estimator.ParamTyper; optim.Types), which Load matches by import
// path, nested schedules included (a WarmUp's Then).
//
// # Trainer: explicit, resumable training loops
//
// [Trainer] is the loop PyTorch users write by hand, for data too large for
// float64 rows ([Bytes]: CIFAR-10 as bytes) or training spread over several runs:
// TrainEpoch with augmentation (package nn/augment), gradient accumulation
// (AccumSteps), per-epoch or per-step schedules (optim.OneCycle), label smoothing;
// Evaluate in evaluation mode, optionally through layer.FuseBatchNorm; and
// SaveCheckpoint / LoadCheckpoint of the weights, optimiser, schedule position and
// generator state, checked on load like a model file, so a resumed run continues
// bit for bit. examples/cifar uses it.
//
// # Concurrency
//
// Predict and PredictProba are safe for concurrent use after Fit. On machines with
// few cores, run searches over these estimators with Workers: 1, since the kernels
// already use every core.
package nn
