package preprocess

import "github.com/skgo/skgo/estimator"

// String methods print each estimator's settings (estimator.Format), the way
// scikit-learn's repr does, instead of a pointer and its learned state.

func (s *StandardScaler) String() string { return estimator.Format(s) }

func (m *MinMaxScaler) String() string { return estimator.Format(m) }

func (m *MaxAbsScaler) String() string { return estimator.Format(m) }

func (r *RobustScaler) String() string { return estimator.Format(r) }

func (n *Normalizer) String() string { return estimator.Format(n) }

func (o *OneHotEncoder) String() string { return estimator.Format(o) }

func (o *OrdinalEncoder) String() string { return estimator.Format(o) }

func (l *LabelEncoder) String() string { return estimator.Format(l) }

func (s *SimpleImputer) String() string { return estimator.Format(s) }

func (m *MissingIndicator) String() string { return estimator.Format(m) }

func (k *KBinsDiscretizer) String() string { return estimator.Format(k) }

func (p *PCA) String() string { return estimator.Format(p) }

func (t *TruncatedSVD) String() string { return estimator.Format(t) }

func (p *PolynomialFeatures) String() string { return estimator.Format(p) }

func (v *VarianceThreshold) String() string { return estimator.Format(v) }

func (s *SelectKBest) String() string { return estimator.Format(s) }

func (f *FunctionTransformer) String() string { return estimator.Format(f) }

func (c *ColumnTransformer) String() string { return estimator.Format(c) }
