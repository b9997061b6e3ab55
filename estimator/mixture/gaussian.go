package mixture

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/estimator"
	"github.com/skgo/skgo/estimator/cluster"
	"github.com/skgo/skgo/internal/parallel"
)

var (
	_ estimator.Predictor      = (*GaussianMixture)(nil)
	_ estimator.Validator      = (*GaussianMixture)(nil)
	_ estimator.StateMarshaler = (*GaussianMixture)(nil)
	_ estimator.Iterative      = (*GaussianMixture)(nil)
)

// Limits on the hyperparameters, so that nothing Validate accepts can exhaust
// memory or run unbounded.
const (
	// MaxComponents bounds NComponents.
	MaxComponents = 1 << 16
	// MaxParamValues bounds the values of the covariances (NComponents × features²
	// for "full"), 128 MiB; checked at Fit.
	MaxParamValues = 1 << 24
	// MaxNInit bounds NInit.
	MaxNInit = 1 << 12
	// MaxMaxIter bounds MaxIter.
	MaxMaxIter = 1 << 24
)

// GaussianMixture is a mixture of Gaussians fitted by expectation–maximisation
// (scikit-learn: mixture.GaussianMixture, 1.2.1): see the package doc.
//
// The zero value is scikit-learn's default GaussianMixture() (n_components=1,
// covariance_type="full", tol=1e-3, reg_covar=1e-6, max_iter=100, n_init=1,
// init_params="kmeans").
type GaussianMixture struct {
	// NComponents is the number of Gaussians; 0 means 1. It must be <= the rows
	// of X (checked at Fit).
	NComponents int
	// CovarianceType is "full" (the default, also ""; one full covariance matrix
	// per component), "tied" (one matrix shared by all), "diag" (one diagonal per
	// component) or "spherical" (one variance per component).
	CovarianceType string
	// Tol stops EM when the lower bound (the mean log-likelihood) changes by less;
	// 0 means 1e-3. It must be finite and >= 0.
	Tol float64
	// RegCovar is added to the diagonal of the covariances; 0 means 1e-6. It must
	// be finite and >= 0.
	RegCovar float64
	// MaxIter bounds the EM iterations of each initialisation; 0 means 100.
	MaxIter int
	// NInit is the number of initialisations; the best lower bound wins. 0 means 1.
	NInit int
	// InitParams initialises the responsibilities: "kmeans" (the default, also "";
	// the labels of a KMeans with one k-means++ run), "k-means++" (the k-means++
	// rows), "random" (uniform random responsibilities) or "random_from_data"
	// (NComponents distinct random rows).
	InitParams string
	// WeightsInit, when non-nil, are the initial weights: NComponents values in
	// [0, 1] summing to 1.
	WeightsInit []float64
	// MeansInit, when non-nil, are the initial means: NComponents rows with the
	// features of X.
	MeansInit [][]float64
	// PrecisionsInit, when non-nil, are the initial precisions (inverse
	// covariances), flattened in numpy's order: NComponents×p×p symmetric
	// positive-definite matrices for "full", one p×p for "tied", NComponents×p
	// positive values for "diag", NComponents for "spherical".
	PrecisionsInit []float64
	// Seed seeds the initialisations; initialisation r draws from a stream derived
	// from Seed and r.
	Seed uint64
	// WarmStart makes Fit start from the fitted model (one initialisation, no
	// random start) when there is one with the same components, covariance type and
	// features.
	WarmStart bool

	fit *gmmFit // nil until Fit succeeds
}

// gmmFit is the learned state; fields are exported for gob.
type gmmFit struct {
	NFeatures      int
	NComponents    int
	CovarianceType string
	Weights        []float64
	Means          []float64 // K×p
	Covariances    []float64 // shape by CovarianceType
	PrecChol       []float64 // same shape
	Converged      bool
	NIter          int
	LowerBound     float64
}

const gmmStateVersion = 1

// covLen is the number of covariance values for K components of p features.
func covLen(ct string, K, p int) int {
	switch ct {
	case "full":
		return K * p * p
	case "tied":
		return p * p
	case "diag":
		return K * p
	}
	return K
}

// Check validates decoded state: sizes, finite values, positive weights, and
// precision factors that are triangular with a positive diagonal (or positive).
func (f *gmmFit) Check() error {
	if err := estimator.FirstError(
		estimator.CheckCount("NFeatures", f.NFeatures, 1, MaxParamValues),
		estimator.CheckCount("NComponents", f.NComponents, 1, MaxComponents),
		estimator.CheckCount("NIter", f.NIter, 0, MaxMaxIter),
	); err != nil {
		return err
	}
	switch f.CovarianceType {
	case "full", "tied", "diag", "spherical":
	default:
		return fmt.Errorf("CovarianceType %q is unknown", f.CovarianceType)
	}
	K, p := f.NComponents, f.NFeatures
	if K*p > MaxParamValues || (f.CovarianceType != "diag" && f.CovarianceType != "spherical" && p > MaxParamValues/p) ||
		(f.CovarianceType == "full" && K > MaxParamValues/(p*p)) {
		return fmt.Errorf("%d components of %d features exceed %d values", K, p, MaxParamValues)
	}
	n := covLen(f.CovarianceType, K, p)
	if err := estimator.FirstError(
		estimator.CheckLen("Weights", len(f.Weights), K),
		estimator.CheckPositive("Weights", f.Weights...),
		estimator.CheckFinite("Weights", f.Weights...),
		estimator.CheckLen("Means", len(f.Means), K*p),
		estimator.CheckFinite("Means", f.Means...),
		estimator.CheckLen("Covariances", len(f.Covariances), n),
		estimator.CheckFinite("Covariances", f.Covariances...),
		estimator.CheckLen("PrecChol", len(f.PrecChol), n),
		estimator.CheckFinite("PrecChol", f.PrecChol...),
		estimator.CheckFinite("LowerBound", f.LowerBound),
	); err != nil {
		return err
	}
	switch f.CovarianceType {
	case "diag", "spherical":
		return estimator.CheckPositive("PrecChol", f.PrecChol...)
	}
	for off := 0; off < len(f.PrecChol); off += p * p {
		if !triangular(f.PrecChol[off:off+p*p], p) {
			return fmt.Errorf("PrecChol block %d is not triangular with a positive diagonal", off/(p*p))
		}
	}
	return nil
}

// triangular reports whether the p×p matrix a is upper or lower triangular with a
// positive diagonal.
func triangular(a []float64, p int) bool {
	upper, lower := true, true
	for i := 0; i < p; i++ {
		if !(a[i*p+i] > 0) {
			return false
		}
		for j := 0; j < p; j++ {
			if a[i*p+j] != 0 {
				if j < i {
					upper = false
				} else if j > i {
					lower = false
				}
			}
		}
	}
	return upper || lower
}

func (g *GaussianMixture) nComponents() int {
	if g.NComponents == 0 {
		return 1
	}
	return g.NComponents
}

func (g *GaussianMixture) covType() string {
	if g.CovarianceType == "" {
		return "full"
	}
	return g.CovarianceType
}

// Validate reports whether the hyperparameters are usable; it returns a
// *estimator.ParamError naming the first bad field. The shapes of MeansInit and
// PrecisionsInit against the features of X are checked at Fit.
func (g *GaussianMixture) Validate() error {
	if g.NComponents < 0 || g.NComponents > MaxComponents {
		return &estimator.ParamError{Param: "NComponents", Value: g.NComponents, Reason: fmt.Sprintf("must be in [0, %d] (0 means 1)", MaxComponents)}
	}
	switch g.CovarianceType {
	case "", "full", "tied", "diag", "spherical":
	default:
		return &estimator.ParamError{Param: "CovarianceType", Value: g.CovarianceType, Reason: `must be "full", "tied", "diag" or "spherical"`}
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"Tol", g.Tol}, {"RegCovar", g.RegCovar}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			return &estimator.ParamError{Param: f.name, Value: f.v, Reason: "must be finite and >= 0"}
		}
	}
	if g.MaxIter < 0 || g.MaxIter > MaxMaxIter {
		return &estimator.ParamError{Param: "MaxIter", Value: g.MaxIter, Reason: fmt.Sprintf("must be in [0, %d] (0 means 100)", MaxMaxIter)}
	}
	if g.NInit < 0 || g.NInit > MaxNInit {
		return &estimator.ParamError{Param: "NInit", Value: g.NInit, Reason: fmt.Sprintf("must be in [0, %d] (0 means 1)", MaxNInit)}
	}
	switch g.InitParams {
	case "", "kmeans", "k-means++", "random", "random_from_data":
	default:
		return &estimator.ParamError{Param: "InitParams", Value: g.InitParams, Reason: `must be "kmeans", "k-means++", "random" or "random_from_data"`}
	}
	K := g.nComponents()
	if g.WeightsInit != nil {
		if len(g.WeightsInit) != K {
			return &estimator.ParamError{Param: "WeightsInit", Value: len(g.WeightsInit), Reason: fmt.Sprintf("must hold NComponents = %d values", K)}
		}
		s := 0.0
		for _, v := range g.WeightsInit {
			if !(v >= 0 && v <= 1) {
				return &estimator.ParamError{Param: "WeightsInit", Value: v, Reason: "values must be in [0, 1]"}
			}
			s += v
		}
		if math.Abs(1-s) > 1e-8 {
			return &estimator.ParamError{Param: "WeightsInit", Value: s, Reason: "must sum to 1"}
		}
	}
	if g.MeansInit != nil {
		if len(g.MeansInit) != K || len(g.MeansInit[0]) == 0 {
			return &estimator.ParamError{Param: "MeansInit", Value: len(g.MeansInit), Reason: fmt.Sprintf("must hold NComponents = %d non-empty rows", K)}
		}
		p := len(g.MeansInit[0])
		if p > MaxParamValues/K {
			return &estimator.ParamError{Param: "MeansInit", Value: fmt.Sprintf("%d×%d", K, p), Reason: fmt.Sprintf("exceeds %d values", MaxParamValues)}
		}
		for i, r := range g.MeansInit {
			if len(r) != p {
				return &estimator.ParamError{Param: "MeansInit", Value: fmt.Sprintf("row %d has %d values", i, len(r)), Reason: fmt.Sprintf("every row must have %d values", p)}
			}
			for _, v := range r {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return &estimator.ParamError{Param: "MeansInit", Value: v, Reason: "values must be finite"}
				}
			}
		}
	}
	if g.PrecisionsInit != nil {
		if len(g.PrecisionsInit) > MaxParamValues {
			return &estimator.ParamError{Param: "PrecisionsInit", Value: len(g.PrecisionsInit), Reason: fmt.Sprintf("must hold at most %d values", MaxParamValues)}
		}
		for _, v := range g.PrecisionsInit {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &estimator.ParamError{Param: "PrecisionsInit", Value: v, Reason: "values must be finite"}
			}
		}
	}
	return nil
}

// params is one set of mixture parameters.
type params struct {
	weights, means, cov, pchol []float64
}

func (q *params) clone() *params {
	return &params{weights: slices.Clone(q.weights), means: slices.Clone(q.means), cov: slices.Clone(q.cov), pchol: slices.Clone(q.pchol)}
}

// em holds what one fit needs.
type em struct {
	x      *mat.Dense
	n, p   int
	K      int
	ct     string
	reg    float64
	resp   []float64 // n×K
	logRes []float64 // n×K weighted log probabilities, then log responsibilities
	norm   []float64 // n
}

var errIllDefined = fmt.Errorf("some components have an ill-defined covariance (singleton or collapsed samples); decrease NComponents or increase RegCovar: %w", estimator.ErrInvalidData)

// estimate is scikit-learn's _estimate_gaussian_parameters from e.resp: it returns
// the component weights nk (not normalised), the means and the covariances.
func (e *em) estimate() (nk, means, cov []float64) {
	n, p, K := e.n, e.p, e.K
	eps := 10 * 0x1p-52
	nk = make([]float64, K)
	means = make([]float64, K*p)
	for i := 0; i < n; i++ {
		r := e.resp[i*K : (i+1)*K]
		x := e.x.RawRowView(i)
		for k, v := range r {
			nk[k] += v
			m := means[k*p : (k+1)*p]
			for j, xv := range x {
				m[j] += v * xv
			}
		}
	}
	for k := range nk {
		nk[k] += eps
		for j := 0; j < p; j++ {
			means[k*p+j] /= nk[k]
		}
	}
	cov = make([]float64, covLen(e.ct, K, p))
	switch e.ct {
	case "full":
		diff := make([]float64, p)
		for k := 0; k < K; k++ {
			c := cov[k*p*p : (k+1)*p*p]
			mu := means[k*p : (k+1)*p]
			for i := 0; i < n; i++ {
				r := e.resp[i*K+k]
				for j, xv := range e.x.RawRowView(i) {
					diff[j] = xv - mu[j]
				}
				for a := 0; a < p; a++ {
					ra := r * diff[a]
					row := c[a*p : (a+1)*p]
					for b := 0; b < p; b++ {
						row[b] += ra * diff[b]
					}
				}
			}
			for j := range c {
				c[j] /= nk[k]
			}
			for a := 0; a < p; a++ {
				c[a*p+a] += e.reg
			}
		}
	case "tied":
		for i := 0; i < n; i++ {
			x := e.x.RawRowView(i)
			for a, xa := range x {
				row := cov[a*p : (a+1)*p]
				for b, xb := range x {
					row[b] += xa * xb
				}
			}
		}
		sum := 0.0
		for k := 0; k < K; k++ {
			mu := means[k*p : (k+1)*p]
			for a := 0; a < p; a++ {
				na := nk[k] * mu[a]
				row := cov[a*p : (a+1)*p]
				for b := 0; b < p; b++ {
					row[b] -= na * mu[b]
				}
			}
			sum += nk[k]
		}
		for j := range cov {
			cov[j] /= sum
		}
		for a := 0; a < p; a++ {
			cov[a*p+a] += e.reg
		}
	default: // diag, spherical
		x2 := make([]float64, K*p)
		xs := make([]float64, K*p)
		for i := 0; i < n; i++ {
			x := e.x.RawRowView(i)
			for k := 0; k < K; k++ {
				r := e.resp[i*K+k]
				for j, v := range x {
					x2[k*p+j] += r * (v * v)
					xs[k*p+j] += r * v
				}
			}
		}
		diag := make([]float64, K*p)
		for k := 0; k < K; k++ {
			for j := 0; j < p; j++ {
				m := means[k*p+j]
				diag[k*p+j] = x2[k*p+j]/nk[k] - 2*(m*xs[k*p+j]/nk[k]) + m*m + e.reg
			}
		}
		if e.ct == "diag" {
			cov = diag
		} else {
			for k := 0; k < K; k++ {
				s := 0.0
				for j := 0; j < p; j++ {
					s += diag[k*p+j]
				}
				cov[k] = s / float64(p)
			}
		}
	}
	return nk, means, cov
}

// precisionCholesky is scikit-learn's _compute_precision_cholesky: for "full" and
// "tied", the transposed inverse of the lower Cholesky factor of each covariance
// (upper triangular); 1/√σ² otherwise.
func precisionCholesky(cov []float64, ct string, p int) ([]float64, error) {
	out := make([]float64, len(cov))
	switch ct {
	case "full", "tied":
		for off := 0; off < len(cov); off += p * p {
			l, ok := cholesky(cov[off:off+p*p], p)
			if !ok {
				return nil, errIllDefined
			}
			inv := invLower(l, p)
			blk := out[off : off+p*p]
			for a := 0; a < p; a++ {
				for b := 0; b < p; b++ {
					blk[a*p+b] = inv[b*p+a]
				}
			}
		}
	default:
		for i, v := range cov {
			if !(v > 0) {
				return nil, errIllDefined
			}
			out[i] = 1 / math.Sqrt(v)
		}
	}
	for _, v := range out {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, errIllDefined
		}
	}
	return out, nil
}

// cholesky returns the lower factor L of the symmetric p×p matrix a (L Lᵀ = a),
// or false if a is not positive definite.
func cholesky(a []float64, p int) ([]float64, bool) {
	l := make([]float64, p*p)
	for j := 0; j < p; j++ {
		s := a[j*p+j]
		for k := 0; k < j; k++ {
			s -= l[j*p+k] * l[j*p+k]
		}
		if !(s > 0) || math.IsInf(s, 0) {
			return nil, false
		}
		d := math.Sqrt(s)
		l[j*p+j] = d
		for i := j + 1; i < p; i++ {
			t := a[i*p+j]
			for k := 0; k < j; k++ {
				t -= l[i*p+k] * l[j*p+k]
			}
			l[i*p+j] = t / d
		}
	}
	return l, true
}

// invLower returns the inverse of the lower-triangular p×p matrix l.
func invLower(l []float64, p int) []float64 {
	inv := make([]float64, p*p)
	for c := 0; c < p; c++ {
		for i := c; i < p; i++ {
			s := 0.0
			if i == c {
				s = 1
			}
			for k := c; k < i; k++ {
				s -= l[i*p+k] * inv[k*p+c]
			}
			inv[i*p+c] = s / l[i*p+i]
		}
	}
	return inv
}

// weightedLogProb fills out (rows×K) with log N(x | μ_k, Σ_k) + log w_k, as
// scikit-learn's _estimate_weighted_log_prob.
func weightedLogProb(x *mat.Dense, q *params, ct string, K, p int, out []float64) {
	n, _ := x.Dims()
	logDet := make([]float64, K)
	switch ct {
	case "full", "tied":
		for k := 0; k < K; k++ {
			off := 0
			if ct == "full" {
				off = k * p * p
			}
			for j := 0; j < p; j++ {
				logDet[k] += math.Log(q.pchol[off+j*p+j])
			}
		}
	case "diag":
		for k := 0; k < K; k++ {
			for j := 0; j < p; j++ {
				logDet[k] += math.Log(q.pchol[k*p+j])
			}
		}
	default:
		for k := 0; k < K; k++ {
			logDet[k] = float64(p) * math.Log(q.pchol[k])
		}
	}
	logW := make([]float64, K)
	for k, w := range q.weights {
		logW[k] = math.Log(w)
	}
	c := float64(p) * math.Log(2*math.Pi)
	const grain = 256
	_ = parallel.Run(context.Background(), parallel.NumChunks(n, grain), 0, func(_ context.Context, ch int) error {
		y := make([]float64, p)
		muP := make([]float64, p)
		for i := ch * grain; i < min((ch+1)*grain, n); i++ {
			xr := x.RawRowView(i)
			o := out[i*K : (i+1)*K]
			for k := 0; k < K; k++ {
				mu := q.means[k*p : (k+1)*p]
				lp := 0.0
				switch ct {
				case "full", "tied":
					off := 0
					if ct == "full" {
						off = k * p * p
					}
					P := q.pchol[off : off+p*p]
					clear(y)
					clear(muP)
					for a := 0; a < p; a++ {
						row := P[a*p : (a+1)*p]
						xa, ma := xr[a], mu[a]
						for b, v := range row {
							y[b] += xa * v
							muP[b] += ma * v
						}
					}
					for b := range y {
						d := y[b] - muP[b]
						lp += d * d
					}
				case "diag":
					pr := q.pchol[k*p : (k+1)*p]
					s1, s2, s3 := 0.0, 0.0, 0.0
					for j := 0; j < p; j++ {
						prec := pr[j] * pr[j]
						s1 += mu[j] * mu[j] * prec
						s2 += xr[j] * (mu[j] * prec)
						s3 += xr[j] * xr[j] * prec
					}
					lp = s1 - 2*s2 + s3
				default:
					prec := q.pchol[k] * q.pchol[k]
					s1, s2, s3 := 0.0, 0.0, 0.0
					for j := 0; j < p; j++ {
						s1 += mu[j] * mu[j]
						s2 += xr[j] * (mu[j] * prec)
						s3 += xr[j] * xr[j]
					}
					lp = s1*prec - 2*s2 + s3*prec
				}
				o[k] = -0.5*(c+lp) + logDet[k] + logW[k]
			}
		}
		return nil
	})
}

// logResp turns weighted log probabilities (rows×K, in place) into log
// responsibilities and returns the per-row log-sum-exp in norm.
func logResp(wlp []float64, K int, norm []float64) {
	for i := range norm {
		r := wlp[i*K : (i+1)*K]
		norm[i] = logSumExp(r)
		for k := range r {
			r[k] -= norm[i]
		}
	}
}

func logSumExp(r []float64) float64 {
	m := math.Inf(-1)
	for _, v := range r {
		m = math.Max(m, v)
	}
	if math.IsInf(m, 0) {
		return m
	}
	s := 0.0
	for _, v := range r {
		s += math.Exp(v - m)
	}
	return math.Log(s) + m
}

// eStep returns the mean log-likelihood and leaves the log responsibilities in
// e.logRes.
func (e *em) eStep(q *params) float64 {
	weightedLogProb(e.x, q, e.ct, e.K, e.p, e.logRes)
	logResp(e.logRes, e.K, e.norm)
	s := 0.0
	for _, v := range e.norm {
		s += v
	}
	return s / float64(e.n)
}

// mStep is scikit-learn's _m_step from e.logRes.
func (e *em) mStep() (*params, error) {
	for i, v := range e.logRes {
		e.resp[i] = math.Exp(v)
	}
	nk, means, cov := e.estimate()
	s := 0.0
	for _, v := range nk {
		s += v
	}
	for k := range nk {
		nk[k] /= s
	}
	pc, err := precisionCholesky(cov, e.ct, e.p)
	if err != nil {
		return nil, err
	}
	return &params{weights: nk, means: means, cov: cov, pchol: pc}, nil
}

// initialize is scikit-learn's _initialize_parameters and _initialize.
func (g *GaussianMixture) initialize(ctx context.Context, e *em, rng *rand.Rand) (*params, error) {
	n, K := e.n, e.K
	clear(e.resp)
	switch g.InitParams {
	case "", "kmeans":
		km := &cluster.KMeans{NClusters: K, NInit: 1, Seed: rng.Uint64(), Workers: 1}
		if err := km.Fit(ctx, e.x, nil); err != nil {
			return nil, err
		}
		for i, l := range km.Labels() {
			e.resp[i*K+int(l)] = 1
		}
	case "k-means++":
		_, idx, err := cluster.KMeansPlusPlus(ctx, e.x, K, rng.Uint64())
		if err != nil {
			return nil, err
		}
		for k, i := range idx {
			e.resp[i*K+k] = 1
		}
	case "random":
		for i := 0; i < n; i++ {
			r := e.resp[i*K : (i+1)*K]
			s := 0.0
			for k := range r {
				r[k] = rng.Float64()
				s += r[k]
			}
			for k := range r {
				r[k] /= s
			}
		}
	case "random_from_data":
		for k, i := range rng.Perm(n)[:K] {
			e.resp[i*K+k] = 1
		}
	}
	nk, means, cov := e.estimate()
	q := &params{weights: nk, means: means, cov: cov}
	for k := range nk {
		nk[k] /= float64(n)
	}
	if g.WeightsInit != nil {
		q.weights = slices.Clone(g.WeightsInit)
	}
	if g.MeansInit != nil {
		q.means = q.means[:0]
		for _, r := range g.MeansInit {
			q.means = append(q.means, r...)
		}
	}
	if g.PrecisionsInit == nil {
		pc, err := precisionCholesky(cov, e.ct, e.p)
		if err != nil {
			return nil, err
		}
		q.pchol = pc
		return q, nil
	}
	switch e.ct {
	case "full", "tied":
		p := e.p
		q.pchol = make([]float64, len(g.PrecisionsInit))
		for off := 0; off < len(q.pchol); off += p * p {
			l, ok := cholesky(g.PrecisionsInit[off:off+p*p], p)
			if !ok {
				return nil, fmt.Errorf("PrecisionsInit is not positive definite: %w", estimator.ErrInvalidData)
			}
			copy(q.pchol[off:], l)
		}
	default:
		q.pchol = make([]float64, len(g.PrecisionsInit))
		for i, v := range g.PrecisionsInit {
			q.pchol[i] = math.Sqrt(v)
		}
	}
	return q, nil
}

// checkPrecisionsInit checks PrecisionsInit against the features of X.
func (g *GaussianMixture) checkPrecisionsInit(p int) error {
	if g.PrecisionsInit == nil {
		return nil
	}
	ct, K := g.covType(), g.nComponents()
	if want := covLen(ct, K, p); len(g.PrecisionsInit) != want {
		return fmt.Errorf("PrecisionsInit has %d values, want %d for %q with %d components of %d features: %w", len(g.PrecisionsInit), want, ct, K, p, estimator.ErrShape)
	}
	switch ct {
	case "full", "tied":
		for off := 0; off < len(g.PrecisionsInit); off += p * p {
			a := g.PrecisionsInit[off : off+p*p]
			for i := 0; i < p; i++ {
				for j := 0; j < i; j++ {
					if math.Abs(a[i*p+j]-a[j*p+i]) > 1e-8+1e-5*math.Abs(a[j*p+i]) {
						return fmt.Errorf("PrecisionsInit block %d is not symmetric: %w", off/(p*p), estimator.ErrInvalidData)
					}
				}
			}
			if _, ok := cholesky(a, p); !ok {
				return fmt.Errorf("PrecisionsInit block %d is not positive definite: %w", off/(p*p), estimator.ErrInvalidData)
			}
		}
	default:
		for _, v := range g.PrecisionsInit {
			if !(v > 0) {
				return fmt.Errorf("PrecisionsInit value %v is not positive: %w", v, estimator.ErrInvalidData)
			}
		}
	}
	return nil
}

// Fit estimates the mixture from the rows of X by EM; y is ignored (it may be
// nil). It returns a *estimator.ParamError for bad hyperparameters, an error
// wrapping estimator.ErrShape when MeansInit or PrecisionsInit do not fit X, and
// one wrapping estimator.ErrInvalidData for empty or non-finite X, fewer than 2
// rows or fewer rows than NComponents, sizes above MaxParamValues, a PrecisionsInit
// that is not symmetric positive definite, or a component whose covariance becomes
// singular (scikit-learn's "ill-defined empirical covariance"). It returns ctx.Err()
// when ctx is done. On error the previous model, if any, is kept.
func (g *GaussianMixture) Fit(ctx context.Context, X mat.Matrix, y []float64) error {
	const name = "mixture.GaussianMixture: "
	if err := g.Validate(); err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	x, err := estimator.CheckXy(X, y)
	if err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	n, p := x.Dims()
	K, ct := g.nComponents(), g.covType()
	if n < 2 || n < K {
		return fmt.Errorf(name+"X has %d rows, need at least 2 and NComponents = %d: %w", n, K, estimator.ErrInvalidData)
	}
	if p > MaxParamValues/K || (ct == "full" && (p > MaxParamValues/p || K > MaxParamValues/(p*p))) || (ct == "tied" && p > MaxParamValues/p) {
		return fmt.Errorf(name+"%d components of %d features exceed MaxParamValues = %d: %w", K, p, MaxParamValues, estimator.ErrInvalidData)
	}
	if n > estimator.MaxCopyElements/K {
		return fmt.Errorf(name+"the responsibilities of %d rows × %d components exceed %d values: %w", n, K, estimator.MaxCopyElements, estimator.ErrInvalidData)
	}
	if g.MeansInit != nil && len(g.MeansInit[0]) != p {
		return fmt.Errorf(name+"MeansInit has %d columns, X has %d features: %w", len(g.MeansInit[0]), p, estimator.ErrShape)
	}
	if err := g.checkPrecisionsInit(p); err != nil {
		return fmt.Errorf(name+"%w", err)
	}
	e := &em{x: x, n: n, p: p, K: K, ct: ct, resp: make([]float64, n*K), logRes: make([]float64, n*K), norm: make([]float64, n), reg: g.RegCovar}
	if e.reg == 0 {
		e.reg = 1e-6
	}
	tol := g.Tol
	if tol == 0 {
		tol = 1e-3
	}
	maxIter := g.MaxIter
	if maxIter == 0 {
		maxIter = 100
	}
	old := g.fit
	warm := g.WarmStart && old != nil && old.NComponents == K && old.CovarianceType == ct && old.NFeatures == p
	nInit := max(g.NInit, 1)
	if warm {
		nInit = 1
	}
	var best *params
	bestLB, bestIter := math.Inf(-1), 0
	converged := false
	for r := 0; r < nInit; r++ {
		var q *params
		lb := math.Inf(-1)
		if warm {
			q = &params{weights: slices.Clone(old.Weights), means: slices.Clone(old.Means), cov: slices.Clone(old.Covariances), pchol: slices.Clone(old.PrecChol)}
			lb = old.LowerBound
		} else {
			q, err = g.initialize(ctx, e, rand.New(rand.NewPCG(g.Seed, uint64(r))))
			if err != nil {
				if cerr := ctx.Err(); cerr != nil {
					return cerr
				}
				return fmt.Errorf(name+"%w", err)
			}
		}
		it := 1
		for it = 1; it <= maxIter; it++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			prev := lb
			lbE := e.eStep(q)
			nq, err := e.mStep()
			if err != nil {
				return fmt.Errorf(name+"%w", err)
			}
			if nq.cov == nil {
				nq.cov = q.cov
			}
			q = nq
			lb = lbE
			if math.IsNaN(lb) {
				return fmt.Errorf(name+"the log-likelihood is NaN (data too extreme for float64?): %w", estimator.ErrInvalidData)
			}
			if math.Abs(lb-prev) < tol {
				converged = true
				break
			}
		}
		it = min(it, maxIter)
		if lb > bestLB || math.IsInf(bestLB, -1) {
			best, bestLB, bestIter = q, lb, it
		}
	}
	f := &gmmFit{NFeatures: p, NComponents: K, CovarianceType: ct, Weights: best.weights, Means: best.means,
		Covariances: best.cov, PrecChol: best.pchol, Converged: converged, NIter: bestIter, LowerBound: bestLB}
	if err := f.Check(); err != nil {
		return fmt.Errorf(name+"the fitted model is unusable (%v; data too extreme for float64?): %w", err, estimator.ErrInvalidData)
	}
	g.fit = f
	return nil
}

func (g *GaussianMixture) check(X mat.Matrix) (*mat.Dense, error) {
	const name = "mixture.GaussianMixture: "
	if g.fit == nil {
		return nil, fmt.Errorf(name+"%w", estimator.ErrNotFitted)
	}
	x, err := estimator.CheckPredict(X, g.fit.NFeatures)
	if err != nil {
		return nil, fmt.Errorf(name+"%w", err)
	}
	if r, _ := x.Dims(); r > estimator.MaxCopyElements/g.fit.NComponents {
		return nil, fmt.Errorf(name+"%d rows × %d components exceed %d values: %w", r, g.fit.NComponents, estimator.MaxCopyElements, estimator.ErrInvalidData)
	}
	return x, nil
}

func (g *GaussianMixture) wlp(x *mat.Dense) []float64 {
	f := g.fit
	n, _ := x.Dims()
	out := make([]float64, n*f.NComponents)
	weightedLogProb(x, &params{weights: f.Weights, means: f.Means, pchol: f.PrecChol}, f.CovarianceType, f.NComponents, f.NFeatures, out)
	return out
}

// Predict returns the most probable component of each row of X, as a float64
// (scikit-learn's predict). It returns estimator.ErrNotFitted before Fit,
// estimator.ErrShape for a wrong feature count and estimator.ErrInvalidData for
// empty or non-finite X.
func (g *GaussianMixture) Predict(X mat.Matrix) ([]float64, error) {
	x, err := g.check(X)
	if err != nil {
		return nil, err
	}
	K := g.fit.NComponents
	w := g.wlp(x)
	out := make([]float64, len(w)/K)
	for i := range out {
		out[i] = float64(argmax(w[i*K : (i+1)*K]))
	}
	return out, nil
}

func argmax(r []float64) int {
	best := 0
	for k, v := range r {
		if v > r[best] {
			best = k
		}
	}
	return best
}

// PredictProba returns the n×NComponents posterior probabilities of the
// components (scikit-learn's predict_proba). Errors as for Predict.
func (g *GaussianMixture) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	x, err := g.check(X)
	if err != nil {
		return nil, err
	}
	K := g.fit.NComponents
	w := g.wlp(x)
	n := len(w) / K
	logResp(w, K, make([]float64, n))
	for i, v := range w {
		w[i] = math.Exp(v)
	}
	return mat.NewDense(n, K, w), nil
}

// ScoreSamples returns the log-likelihood of each row of X under the mixture
// (scikit-learn's score_samples). Errors as for Predict.
func (g *GaussianMixture) ScoreSamples(X mat.Matrix) ([]float64, error) {
	x, err := g.check(X)
	if err != nil {
		return nil, err
	}
	K := g.fit.NComponents
	w := g.wlp(x)
	out := make([]float64, len(w)/K)
	for i := range out {
		out[i] = logSumExp(w[i*K : (i+1)*K])
	}
	return out, nil
}

// Score returns the mean log-likelihood of the rows of X (scikit-learn's score).
// Errors as for Predict.
func (g *GaussianMixture) Score(X mat.Matrix) (float64, error) {
	s, err := g.ScoreSamples(X)
	if err != nil {
		return 0, err
	}
	t := 0.0
	for _, v := range s {
		t += v
	}
	return t / float64(len(s)), nil
}

// NParameters returns the number of free parameters of the fitted model (weights,
// means and covariances), or 0 before Fit.
func (g *GaussianMixture) NParameters() int {
	f := g.fit
	if f == nil {
		return 0
	}
	K, p := f.NComponents, f.NFeatures
	var cov float64
	switch f.CovarianceType {
	case "full":
		cov = float64(K) * float64(p) * float64(p+1) / 2
	case "diag":
		cov = float64(K * p)
	case "tied":
		cov = float64(p) * float64(p+1) / 2
	default:
		cov = float64(K)
	}
	return int(cov + float64(p*K) + float64(K-1))
}

// BIC returns the Bayesian information criterion on X, −2·n·Score(X) +
// NParameters()·ln n (lower is better). Errors as for Predict.
func (g *GaussianMixture) BIC(X mat.Matrix) (float64, error) {
	s, err := g.Score(X)
	if err != nil {
		return 0, err
	}
	n, _ := X.Dims()
	return -2*s*float64(n) + float64(g.NParameters())*math.Log(float64(n)), nil
}

// AIC returns the Akaike information criterion on X, −2·n·Score(X) +
// 2·NParameters() (lower is better). Errors as for Predict.
func (g *GaussianMixture) AIC(X mat.Matrix) (float64, error) {
	s, err := g.Score(X)
	if err != nil {
		return 0, err
	}
	n, _ := X.Dims()
	return -2*s*float64(n) + 2*float64(g.NParameters()), nil
}

// MaxSample bounds the rows Sample returns.
const MaxSample = 1 << 26

// Sample draws n rows from the fitted mixture (scikit-learn's sample): the
// number of rows of each component is multinomial with the weights, and the rows
// come grouped by component, in component order, with their component as y. The
// random numbers come from Go's PCG seeded by Seed, so the same model gives the
// same sample on every call, as scikit-learn does with an integer random_state,
// but not numpy's numbers. It returns estimator.ErrNotFitted before Fit and an
// error wrapping estimator.ErrInvalidParam for n outside [1, MaxSample] or n ×
// features above estimator.MaxCopyElements.
func (g *GaussianMixture) Sample(n int) (*mat.Dense, []float64, error) {
	const name = "mixture.GaussianMixture: "
	f := g.fit
	if f == nil {
		return nil, nil, fmt.Errorf(name+"%w", estimator.ErrNotFitted)
	}
	p, K := f.NFeatures, f.NComponents
	if n < 1 || n > MaxSample || n > estimator.MaxCopyElements/p {
		return nil, nil, fmt.Errorf(name+"%w", &estimator.ParamError{Param: "n", Value: n, Reason: fmt.Sprintf("must be in [1, %d] with n × features <= %d", MaxSample, estimator.MaxCopyElements)})
	}
	rng := rand.New(rand.NewPCG(g.Seed, 1<<40))
	counts := make([]int, K)
	cum := make([]float64, K)
	s := 0.0
	for k, w := range f.Weights {
		s += w
		cum[k] = s
	}
	for i := 0; i < n; i++ {
		u := rng.Float64() * s
		k := 0
		for k < K-1 && cum[k] <= u {
			k++
		}
		counts[k]++
	}
	out := mat.NewDense(n, p, nil)
	y := make([]float64, 0, n)
	row := 0
	z := make([]float64, p)
	for k := 0; k < K; k++ {
		mu := f.Means[k*p : (k+1)*p]
		var l []float64 // lower Cholesky factor of the covariance
		switch f.CovarianceType {
		case "full", "tied":
			off := 0
			if f.CovarianceType == "full" {
				off = k * p * p
			}
			var ok bool
			if l, ok = cholesky(f.Covariances[off:off+p*p], p); !ok {
				return nil, nil, fmt.Errorf(name+"covariance %d is not positive definite: %w", k, estimator.ErrInvalidData)
			}
		}
		for c := 0; c < counts[k]; c++ {
			r := out.RawRowView(row)
			for j := range z {
				z[j] = rng.NormFloat64()
			}
			for j := 0; j < p; j++ {
				switch f.CovarianceType {
				case "full", "tied":
					v := 0.0
					for t := 0; t <= j; t++ {
						v += l[j*p+t] * z[t]
					}
					r[j] = mu[j] + v
				case "diag":
					r[j] = mu[j] + z[j]*math.Sqrt(f.Covariances[k*p+j])
				default:
					r[j] = mu[j] + z[j]*math.Sqrt(f.Covariances[k])
				}
			}
			y = append(y, float64(k))
			row++
		}
	}
	return out, y, nil
}

// FitPredict fits the model and returns Predict(X) (scikit-learn's fit_predict).
// Errors as for Fit.
func (g *GaussianMixture) FitPredict(ctx context.Context, X mat.Matrix, y []float64) ([]float64, error) {
	if err := g.Fit(ctx, X, y); err != nil {
		return nil, err
	}
	return g.Predict(X)
}

// Weights returns a copy of the component weights (scikit-learn's weights_), or
// nil before Fit.
func (g *GaussianMixture) Weights() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.Weights)
}

// Means returns a copy of the NComponents×features means (scikit-learn's means_),
// or nil before Fit.
func (g *GaussianMixture) Means() *mat.Dense {
	if g.fit == nil {
		return nil
	}
	return mat.NewDense(g.fit.NComponents, g.fit.NFeatures, slices.Clone(g.fit.Means))
}

// Covariances returns a copy of the covariances (scikit-learn's covariances_),
// flattened in numpy's order: NComponents×p×p for "full", p×p for "tied",
// NComponents×p for "diag", NComponents for "spherical"; nil before Fit.
func (g *GaussianMixture) Covariances() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.Covariances)
}

// PrecisionsCholesky returns a copy of the Cholesky factors of the precisions
// (scikit-learn's precisions_cholesky_), shaped as Covariances; nil before Fit.
func (g *GaussianMixture) PrecisionsCholesky() []float64 {
	if g.fit == nil {
		return nil
	}
	return slices.Clone(g.fit.PrecChol)
}

// Precisions returns the precisions (scikit-learn's precisions_, the inverse
// covariances: P Pᵀ for each Cholesky factor P), shaped as Covariances; nil
// before Fit.
func (g *GaussianMixture) Precisions() []float64 {
	f := g.fit
	if f == nil {
		return nil
	}
	switch f.CovarianceType {
	case "diag", "spherical":
		out := make([]float64, len(f.PrecChol))
		for i, v := range f.PrecChol {
			out[i] = v * v
		}
		return out
	}
	p := f.NFeatures
	out := make([]float64, len(f.PrecChol))
	for off := 0; off < len(out); off += p * p {
		P := f.PrecChol[off : off+p*p]
		for a := 0; a < p; a++ {
			for b := 0; b < p; b++ {
				s := 0.0
				for t := 0; t < p; t++ {
					s += P[a*p+t] * P[b*p+t]
				}
				out[off+a*p+b] = s
			}
		}
	}
	return out
}

// Converged reports whether some initialisation's EM converged within MaxIter
// (scikit-learn's converged_); false before Fit.
func (g *GaussianMixture) Converged() bool { return g.fit != nil && g.fit.Converged }

// NIter returns the EM iterations of the best initialisation (scikit-learn's
// n_iter_), or 0 before Fit.
func (g *GaussianMixture) NIter() int {
	if g.fit == nil {
		return 0
	}
	return g.fit.NIter
}

// LowerBound returns the mean log-likelihood of the training rows at the last EM
// iteration of the best initialisation (scikit-learn's lower_bound_), or 0 before
// Fit.
func (g *GaussianMixture) LowerBound() float64 {
	if g.fit == nil {
		return 0
	}
	return g.fit.LowerBound
}

// MarshalState encodes the learned state (nil before Fit) with a version header.
func (g *GaussianMixture) MarshalState() ([]byte, error) {
	return estimator.EncodeState(gmmStateVersion, g.fit)
}

// UnmarshalState restores state written by MarshalState; nil or empty b leaves the
// model unfitted. Sizes out of range or inconsistent, an unknown covariance type,
// non-finite values, weights that are not positive or precision factors that are
// not triangular with a positive diagonal give an error wrapping
// estimator.ErrState, and the receiver is unchanged.
func (g *GaussianMixture) UnmarshalState(b []byte) error {
	if err := estimator.DecodeState(b, gmmStateVersion, &g.fit); err != nil {
		return fmt.Errorf("mixture.GaussianMixture: %w", err)
	}
	return nil
}

// String prints the hyperparameters.
func (g *GaussianMixture) String() string { return estimator.Format(g) }
