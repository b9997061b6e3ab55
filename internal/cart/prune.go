package cart

// Minimal cost-complexity pruning, as scikit-learn 1.2.1's _cost_complexity_prune.

// ccp runs scikit-learn's weakest-link pruning on t. stop(alpha) ends it before the
// subtree with effective alpha would be pruned; save records (alpha, total leaf
// impurity) after each step, starting with (0, impurity of the full tree). It returns
// which nodes are leaves of the pruned tree.
func (t *Tree) ccp(stop func(alpha float64) bool, save func(alpha, impurity float64)) []bool {
	n := len(t.Feature)
	total := t.WeightedNSamples[0]
	rNode := make([]float64, n)
	for i := range rNode {
		rNode[i] = t.WeightedNSamples[i] * t.Impurity[i] / total
	}
	parent := make([]int32, n)
	parent[0] = -1
	leaf := make([]bool, n)
	for i := 0; i < n; i++ {
		if t.Left[i] < 0 {
			leaf[i] = true
		} else {
			parent[t.Left[i]], parent[t.Right[i]] = int32(i), int32(i)
		}
	}
	nLeaves := make([]int, n)
	rBranch := make([]float64, n)
	for i := 0; i < n; i++ {
		if !leaf[i] {
			continue
		}
		rBranch[i] = rNode[i]
		cur := rNode[i]
		for j := int32(i); j != 0; {
			p := parent[j]
			rBranch[p] += cur
			nLeaves[p]++
			j = p
		}
	}
	candidate := make([]bool, n)
	inSubtree := make([]bool, n)
	for i := range candidate {
		candidate[i] = !leaf[i]
		inSubtree[i] = true
	}
	save(0, rBranch[0])
	var stack []int32
	for candidate[0] {
		best := -1
		alpha := 1.7976931348623157e308
		for i := 0; i < n; i++ {
			if !candidate[i] {
				continue
			}
			if a := (rNode[i] - rBranch[i]) / float64(nLeaves[i]-1); a < alpha {
				alpha, best = a, i
			}
		}
		if best < 0 || stop(alpha) {
			break
		}
		stack = append(stack[:0], int32(best))
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !inSubtree[j] {
				continue
			}
			candidate[j], leaf[j], inSubtree[j] = false, false, false
			if t.Left[j] >= 0 {
				stack = append(stack, t.Left[j], t.Right[j])
			}
		}
		leaf[best], inSubtree[best] = true, true
		pruned := nLeaves[best] - 1
		nLeaves[best] = 0
		diff := rNode[best] - rBranch[best]
		rBranch[best] = rNode[best]
		for j := parent[best]; j >= 0; j = parent[j] {
			nLeaves[j] -= pruned
			rBranch[j] += diff
		}
		save(alpha, rBranch[0])
	}
	return leaf
}

// Prune returns t pruned by minimal cost-complexity pruning with parameter alpha
// (scikit-learn's ccp_alpha): the weakest links are cut while their effective alpha is
// at most alpha. The result is renumbered depth-first, left first. alpha ≤ 0 returns t.
func (t *Tree) Prune(alpha float64) *Tree {
	if alpha <= 0 || len(t.Feature) == 0 {
		return t
	}
	leaf := t.ccp(func(a float64) bool { return alpha < a }, func(float64, float64) {})
	out := &Tree{Width: t.Width}
	type rec struct {
		node, parent int32
		isLeft       bool
	}
	stack := []rec{{0, -1, false}}
	for len(stack) > 0 {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		o := r.node
		id := out.addNode(r.parent, r.isLeft, t.Impurity[o], t.NSamples[o], t.WeightedNSamples[o])
		copy(out.Value[int(id)*t.Width:], t.Value[int(o)*t.Width:int(o+1)*t.Width])
		if !leaf[o] {
			out.Feature[id], out.Threshold[id] = t.Feature[o], t.Threshold[o]
			stack = append(stack, rec{t.Right[o], id, false}, rec{t.Left[o], id, true})
		}
	}
	return out
}

// PruningPath returns scikit-learn's cost_complexity_pruning_path of t: the effective
// alphas at which subtrees are pruned (starting with 0) and the total weighted leaf
// impurity of the tree pruned at each.
func (t *Tree) PruningPath() (alphas, impurities []float64) {
	if len(t.Feature) == 0 {
		return nil, nil
	}
	t.ccp(func(float64) bool { return false }, func(a, imp float64) {
		alphas = append(alphas, a)
		impurities = append(impurities, imp)
	})
	return alphas, impurities
}
