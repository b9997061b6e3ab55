package svm

// qMatrix gives the SMO solver the columns of Q in its current variable order
// (positions, which shrinking permutes), as libsvm's QMatrix does.
type qMatrix interface {
	// getQ returns Q(i, k) for the positions k < n as float32 (it may hold more
	// entries). The slice stays valid until the second following getQ call.
	getQ(i, n int) []float32
	// swap exchanges positions i and j.
	swap(i, j int)
	// diag returns Q(i, i) in float64 for the initial order.
	diag(i int) float64
}

// gatherQ is libsvm's SVR_Q generalised to every formulation: kernel columns are
// cached per training row, full length, in an LRU cache (kernelCache), and each
// getQ gathers one into a buffer in position order with the signs:
// Q(i, k) = sign(i)·sign(k)·K(row(i), row(k)). For SVC and one-class, sign is y
// and row the identity at the start; for SVR the 2n variables map to n rows with
// signs +1 and −1. (libsvm's SVC_Q caches partial columns in position order
// instead; on the 5000- and 10000-row benchmarks full columns were faster here.)
type gatherQ struct {
	kern   *kernelCache
	sign   []int8  // by position
	index  []int32 // position -> row
	qd     []float64
	buf    [2][]float32
	nextBf int
}

func newGatherQ(x []float64, n, p int, spec *kernelSpec, sign []int8, index []int32, cacheMB float64) *gatherQ {
	l := len(sign)
	q := &gatherQ{kern: newKernelCache(x, n, p, spec, cacheMB), sign: clone(sign), index: clone(index), qd: make([]float64, l)}
	for k := range l {
		q.qd[k] = q.kern.diag[index[k]]
	}
	q.buf[0], q.buf[1] = make([]float32, l), make([]float32, l)
	return q
}

func (q *gatherQ) diag(i int) float64 { return q.qd[i] }

func (q *gatherQ) swap(i, j int) {
	q.sign[i], q.sign[j] = q.sign[j], q.sign[i]
	q.index[i], q.index[j] = q.index[j], q.index[i]
}

func (q *gatherQ) getQ(i, n int) []float32 {
	data := q.kern.column(int(q.index[i]))
	buf := q.buf[q.nextBf][:n]
	q.nextBf = 1 - q.nextBf
	si := float32(q.sign[i])
	sign, index := q.sign[:n], q.index[:n]
	for j := range buf {
		buf[j] = si * float32(sign[j]) * data[index[j]]
	}
	return buf
}
