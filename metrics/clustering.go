package metrics

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/skgo/skgo/internal/parallel"
)

// This file holds the clustering metrics that compare two labelings
// (scikit-learn's sklearn/metrics/cluster/_supervised.py). They take no sample
// weights, as in scikit-learn. Labels are float64 codes; only equality matters, so
// the values themselves (and a permutation of them) do not change any score. They
// panic on a length mismatch and return NaN for empty input or a NaN label
// (scikit-learn returns 1.0 for most of them on empty input).

// clusterCounts is the sparse contingency table of two labelings: the non-zero cells
// in row-major order (scikit-learn's CSR order after sum_duplicates), with the row
// sums a (true classes) and column sums b (predicted clusters).
type clusterCounts struct {
	n          int64
	rows, cols []int
	vals       []int64
	a, b       []int64
	classes    []float64 // sorted distinct labels of labelsTrue
	clusters   []float64 // sorted distinct labels of labelsPred
}

// encodeLabels returns the sorted distinct values of y and the index of each sample's
// value among them, or an error for a NaN label.
func encodeLabels(y []float64) (uniq []float64, code []int, err error) {
	uniq, err = uniqueLabels(y, nil)
	if err != nil {
		return nil, nil, err
	}
	code = make([]int, len(y))
	for i, v := range y {
		code[i], _ = slices.BinarySearch(uniq, v)
	}
	return uniq, code, nil
}

// contingencyOf builds the sparse contingency table. It panics on a length mismatch
// and returns errEmpty for empty input and an error for a NaN label.
func contingencyOf(labelsTrue, labelsPred []float64) (*clusterCounts, error) {
	checkLen(labelsTrue, labelsPred, nil)
	if len(labelsTrue) == 0 {
		return nil, errEmpty
	}
	classes, ct, err := encodeLabels(labelsTrue)
	if err != nil {
		return nil, err
	}
	clusters, cp, err := encodeLabels(labelsPred)
	if err != nil {
		return nil, err
	}
	nk := int64(len(clusters))
	keys := make([]int64, len(ct))
	for i := range ct {
		keys[i] = int64(ct[i])*nk + int64(cp[i])
	}
	slices.Sort(keys)
	c := &clusterCounts{
		n:        int64(len(ct)),
		a:        make([]int64, len(classes)),
		b:        make([]int64, len(clusters)),
		classes:  classes,
		clusters: clusters,
	}
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		r, col := int(keys[i]/nk), int(keys[i]%nk)
		v := int64(j - i)
		c.rows = append(c.rows, r)
		c.cols = append(c.cols, col)
		c.vals = append(c.vals, v)
		c.a[r] += v
		c.b[col] += v
		i = j
	}
	return c, nil
}

// maxDenseCells bounds the dense matrix ContingencyMatrix allocates (2 GiB).
const maxDenseCells = 1 << 28

// ContingencyMatrix returns the matrix C whose element (i, j) is the number of samples
// with true class classes[i] and predicted cluster clusters[j], where classes and
// clusters are the sorted distinct values of labelsTrue and labelsPred (scikit-learn
// contingency_matrix). The matrix is dense; the scores below use a sparse table.
//
// It panics on a length mismatch, and returns nil for empty input, a NaN label, or a
// table of more than 2²⁸ cells.
func ContingencyMatrix(labelsTrue, labelsPred []float64) *mat.Dense {
	c, err := contingencyOf(labelsTrue, labelsPred)
	if err != nil || len(c.a)*len(c.b) > maxDenseCells {
		return nil
	}
	m := mat.NewDense(len(c.a), len(c.b), nil)
	for i, v := range c.vals {
		m.Set(c.rows[i], c.cols[i], float64(v))
	}
	return m
}

// pairCounts returns scikit-learn's pair_confusion_matrix [[tn, fp], [fn, tp]].
func (c *clusterCounts) pairCounts() (tn, fp, fn, tp int64) {
	var sumSquares, dotB, dotA int64
	for i, v := range c.vals {
		sumSquares += v * v
		dotB += v * c.b[c.cols[i]]
		dotA += v * c.a[c.rows[i]]
	}
	tp = sumSquares - c.n
	fp = dotB - sumSquares
	fn = dotA - sumSquares
	tn = c.n*c.n - fp - fn - sumSquares
	return tn, fp, fn, tp
}

// PairConfusionMatrix returns the 2×2 pair confusion matrix of two clusterings
// (scikit-learn pair_confusion_matrix): over all ordered pairs of distinct samples,
// C[0][0] counts pairs apart in both labelings, C[1][1] pairs together in both,
// C[0][1] pairs apart in labelsTrue but together in labelsPred, and C[1][0] the
// reverse. It panics on a length mismatch and returns nil for empty input or a NaN
// label.
func PairConfusionMatrix(labelsTrue, labelsPred []float64) *mat.Dense {
	c, err := contingencyOf(labelsTrue, labelsPred)
	if err != nil {
		return nil
	}
	tn, fp, fn, tp := c.pairCounts()
	return mat.NewDense(2, 2, []float64{float64(tn), float64(fp), float64(fn), float64(tp)})
}

// RandScore returns the Rand index, the fraction of sample pairs on which the two
// labelings agree (same cluster in both or different clusters in both;
// scikit-learn rand_score). It is 1 for a single sample. It panics on a length
// mismatch and returns NaN for empty input or a NaN label.
func RandScore(labelsTrue, labelsPred []float64) float64 {
	c, err := contingencyOf(labelsTrue, labelsPred)
	if err != nil {
		return math.NaN()
	}
	tn, fp, fn, tp := c.pairCounts()
	num, den := tn+tp, tn+fp+fn+tp
	if num == den || den == 0 {
		return 1
	}
	return float64(num) / float64(den)
}

// AdjustedRandScore returns the Rand index adjusted for chance (Hubert and Arabie;
// scikit-learn adjusted_rand_score): 1 for identical partitions (up to a
// permutation of the labels, and also when both put every sample in one cluster or
// every sample in its own), close to 0 for random labelings, and down to −0.5 for
// especially discordant ones. The products of pair counts are formed exactly, as
// Python's integers do. It panics on a length mismatch and returns NaN for empty
// input or a NaN label.
func AdjustedRandScore(labelsTrue, labelsPred []float64) float64 {
	c, err := contingencyOf(labelsTrue, labelsPred)
	if err != nil {
		return math.NaN()
	}
	tn, fp, fn, tp := c.pairCounts()
	if fn == 0 && fp == 0 {
		return 1
	}
	bi := func(v int64) *big.Int { return big.NewInt(v) }
	mul := func(x, y int64) *big.Int { return new(big.Int).Mul(bi(x), bi(y)) }
	num := new(big.Int).Sub(mul(tp, tn), mul(fn, fp))
	den := new(big.Int).Add(mul(tp+fn, fn+tn), mul(tp+fp, fp+tn))
	// Python: 2.0 * num / den converts num and den to float64 separately.
	nf, _ := new(big.Float).SetInt(num).Float64()
	df, _ := new(big.Float).SetInt(den).Float64()
	return 2.0 * nf / df
}

// mutualInfo is scikit-learn's mutual_info_score on a contingency table, in nats.
func (c *clusterCounts) mutualInfo() float64 {
	if len(c.a) == 1 || len(c.b) == 1 {
		return 0
	}
	total := float64(c.n)
	logTotal := math.Log(total)
	// pi.sum() and pj.sum() are both n.
	logPi, logPj := logTotal, logTotal
	var s float64
	for i, v := range c.vals {
		nz := float64(v)
		nm := nz / total
		outer := c.a[c.rows[i]] * c.b[c.cols[i]]
		logOuter := -math.Log(float64(outer)) + logPi + logPj
		mi := nm*(math.Log(nz)-logTotal) + nm*logOuter
		if math.Abs(mi) < 0x1p-52 {
			mi = 0
		}
		s += mi
	}
	return max(s, 0)
}

// labelEntropy is scikit-learn's entropy of a labeling from its class counts.
func labelEntropy(counts []int64) float64 {
	if len(counts) == 1 {
		return 0
	}
	var total float64
	for _, v := range counts {
		total += float64(v)
	}
	logTotal := math.Log(total)
	var s float64
	for _, v := range counts {
		p := float64(v)
		s += p / total * (math.Log(p) - logTotal)
	}
	return -s
}

// MutualInfoScore returns the mutual information between two labelings, in nats
// (scikit-learn mutual_info_score). It is 0 when either labeling has a single
// cluster. It panics on a length mismatch and returns NaN for empty input or a NaN
// label.
func MutualInfoScore(labelsTrue, labelsPred []float64) float64 {
	c, err := contingencyOf(labelsTrue, labelsPred)
	if err != nil {
		return math.NaN()
	}
	return c.mutualInfo()
}

// generalizedMean is scikit-learn's _generalized_average.
func generalizedMean(u, v float64, method string) (float64, error) {
	switch method {
	case "", "arithmetic":
		return (u + v) / 2, nil
	case "geometric":
		return math.Sqrt(u * v), nil
	case "min":
		return min(u, v), nil
	case "max":
		return max(u, v), nil
	}
	return 0, fmt.Errorf("metrics: unknown average method %q (want arithmetic, geometric, min or max)", method)
}

func mustMethod(method string) {
	if _, err := generalizedMean(0, 0, method); err != nil {
		panic(err.Error())
	}
}

// NormalizedMutualInfoScore returns the mutual information divided by a mean of the
// two labelings' entropies (scikit-learn normalized_mutual_info_score). method
// chooses the mean: "arithmetic" (or "", scikit-learn's default), "geometric", "min"
// or "max". It is 1 when both labelings have a single cluster and 0 when the mutual
// information is 0. It panics on a length mismatch or an unknown method, and returns
// NaN for empty input or a NaN label.
func NormalizedMutualInfoScore(labelsTrue, labelsPred []float64, method string) float64 {
	mustMethod(method)
	c, err := contingencyOf(labelsTrue, labelsPred)
	if err != nil {
		return math.NaN()
	}
	if len(c.a) == 1 && len(c.b) == 1 {
		return 1
	}
	mi := c.mutualInfo()
	if mi == 0 {
		return 0
	}
	norm, _ := generalizedMean(labelEntropy(c.a), labelEntropy(c.b), method)
	return mi / norm
}

// AdjustedMutualInfoScore returns the mutual information adjusted for chance
// (Vinh, Epps and Bailey; scikit-learn adjusted_mutual_info_score):
// (MI − E[MI]) / (mean(H(true), H(pred)) − E[MI]), with the expected mutual
// information under the hypergeometric model of random labelings computed as
// scikit-learn's expected_mutual_information does, and the denominator kept at least
// 2⁻⁵² away from zero. method chooses the mean as for [NormalizedMutualInfoScore].
// It is 1 when both labelings have a single cluster. Its cost grows as
// Σᵢⱼ min(aᵢ, bⱼ) over pairs of true class i (size aᵢ) and predicted cluster j (size
// bⱼ); the true classes are summed in parallel. It panics on
// a length mismatch or an unknown method, and returns NaN for empty input or a NaN
// label.
func AdjustedMutualInfoScore(labelsTrue, labelsPred []float64, method string) float64 {
	mustMethod(method)
	c, err := contingencyOf(labelsTrue, labelsPred)
	if err != nil {
		return math.NaN()
	}
	if len(c.a) == 1 && len(c.b) == 1 {
		return 1
	}
	mi := c.mutualInfo()
	emi := expectedMutualInfo(c.a, c.b, c.n)
	norm, _ := generalizedMean(labelEntropy(c.a), labelEntropy(c.b), method)
	den := norm - emi
	const eps = 0x1p-52
	if den < 0 {
		den = min(den, -eps)
	} else {
		den = max(den, eps)
	}
	return (mi - emi) / den
}

// lgamma is log|Γ(x)|.
func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// expectedMutualInfo is scikit-learn's expected_mutual_information
// (_expected_mutual_info_fast.pyx): the expected mutual information of two random
// labelings with row sums a and column sums b under the hypergeometric model.
func expectedMutualInfo(a, b []int64, n int64) float64 {
	if len(a) == 1 || len(b) == 1 {
		return 0
	}
	N := float64(n)
	maxAB := max(slices.Max(a), slices.Max(b))
	nijs := make([]float64, maxAB+1)
	for i := range nijs {
		nijs[i] = float64(i)
	}
	nijs[0] = 1
	term1 := make([]float64, len(nijs))
	logNnij := make([]float64, len(nijs))
	glnNij := make([]float64, len(nijs))
	logN := math.Log(N)
	for i, v := range nijs {
		term1[i] = v / N
		logNnij[i] = logN + math.Log(v)
		glnNij[i] = lgamma(v + 1)
	}
	logA, glnA, glnNa := make([]float64, len(a)), make([]float64, len(a)), make([]float64, len(a))
	for i, v := range a {
		f := float64(v)
		logA[i], glnA[i], glnNa[i] = math.Log(f), lgamma(f+1), lgamma(N-f+1)
	}
	logB, glnB, glnNb := make([]float64, len(b)), make([]float64, len(b)), make([]float64, len(b))
	for j, v := range b {
		f := float64(v)
		logB[j], glnB[j], glnNb[j] = math.Log(f), lgamma(f+1), lgamma(N-f+1)
	}
	glnN := lgamma(N + 1)
	// One partial sum per true class, computed in parallel and added in class order,
	// so the result does not depend on the number of workers.
	partial := make([]float64, len(a))
	_ = parallel.Chunks(len(a), 1, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			ai := a[i]
			var emi float64
			for j, bj := range b {
				start := max(ai-n+bj, 1)
				end := min(ai, bj) + 1
				for nij := start; nij < end; nij++ {
					term2 := logNnij[nij] - logA[i] - logB[j]
					gln := glnA[i] + glnB[j] + glnNa[i] + glnNb[j] -
						glnN - glnNij[nij] - lgamma(float64(ai-nij+1)) -
						lgamma(float64(bj-nij+1)) -
						lgamma(N-float64(ai)-float64(bj)+float64(nij)+1)
					emi += term1[nij] * term2 * math.Exp(gln)
				}
			}
			partial[i] = emi
		}
	})
	var emi float64
	for _, v := range partial {
		emi += v
	}
	return emi
}

// HomogeneityCompletenessVMeasure returns the homogeneity (each cluster holds members
// of a single class), the completeness (all members of a class are in the same
// cluster) and their weighted harmonic mean, the V-measure
// (1 + β)·h·c / (β·h + c) (scikit-learn homogeneity_completeness_v_measure; β = 1 is
// its default). A labeling with zero entropy gives 1 for the ratio it divides. It
// panics on a length mismatch and returns three NaNs for empty input or a NaN label.
func HomogeneityCompletenessVMeasure(labelsTrue, labelsPred []float64, beta float64) (homogeneity, completeness, vMeasure float64) {
	c, err := contingencyOf(labelsTrue, labelsPred)
	if err != nil {
		nan := math.NaN()
		return nan, nan, nan
	}
	hC, hK := labelEntropy(c.a), labelEntropy(c.b)
	mi := c.mutualInfo()
	homogeneity, completeness = 1, 1
	if hC != 0 {
		homogeneity = mi / hC
	}
	if hK != 0 {
		completeness = mi / hK
	}
	if homogeneity+completeness == 0 {
		return homogeneity, completeness, 0
	}
	vMeasure = (1 + beta) * homogeneity * completeness / (beta*homogeneity + completeness)
	return homogeneity, completeness, vMeasure
}

// HomogeneityScore is the homogeneity of [HomogeneityCompletenessVMeasure]
// (scikit-learn homogeneity_score).
func HomogeneityScore(labelsTrue, labelsPred []float64) float64 {
	h, _, _ := HomogeneityCompletenessVMeasure(labelsTrue, labelsPred, 1)
	return h
}

// CompletenessScore is the completeness of [HomogeneityCompletenessVMeasure]
// (scikit-learn completeness_score).
func CompletenessScore(labelsTrue, labelsPred []float64) float64 {
	_, c, _ := HomogeneityCompletenessVMeasure(labelsTrue, labelsPred, 1)
	return c
}

// VMeasureScore is the V-measure of [HomogeneityCompletenessVMeasure] with weight
// beta (scikit-learn v_measure_score; its default beta is 1). With beta 1 it equals
// [NormalizedMutualInfoScore] with the arithmetic mean.
func VMeasureScore(labelsTrue, labelsPred []float64, beta float64) float64 {
	_, _, v := HomogeneityCompletenessVMeasure(labelsTrue, labelsPred, beta)
	return v
}

// FowlkesMallowsScore returns the geometric mean of the pairwise precision and
// recall, TP / √((TP + FP)(TP + FN)) over pairs of samples (scikit-learn
// fowlkes_mallows_score). It is 0 when no pair is together in both labelings. It
// panics on a length mismatch and returns NaN for empty input or a NaN label.
func FowlkesMallowsScore(labelsTrue, labelsPred []float64) float64 {
	c, err := contingencyOf(labelsTrue, labelsPred)
	if err != nil {
		return math.NaN()
	}
	var tk, pk, qk int64
	for _, v := range c.vals {
		tk += v * v
	}
	for _, v := range c.b {
		pk += v * v
	}
	for _, v := range c.a {
		qk += v * v
	}
	tk -= c.n
	pk -= c.n
	qk -= c.n
	if tk == 0 {
		return 0
	}
	return math.Sqrt(float64(tk)/float64(pk)) * math.Sqrt(float64(tk)/float64(qk))
}

// errOneCluster reports a labeling the internal clustering scores cannot judge.
var errOneCluster = errors.New("metrics: the number of labels must be between 2 and n_samples - 1")
