package optim

import (
	"math"

	"github.com/skgo/skgo/nn/autograd"
)

// ClipGradNorm rescales the gradients of params in place so that their global L2
// norm (over all parameters together) is at most maxNorm, and returns the norm before
// clipping (torch.nn.utils.clip_grad_norm_ with norm_type 2): every gradient is
// multiplied by min(1, maxNorm/(norm + 1e-6)). A non-finite norm propagates into the
// gradients, as in PyTorch.
func ClipGradNorm(params []*autograd.Param, maxNorm float64) float64 {
	var ss float64
	for _, p := range params {
		for _, v := range p.Grad.Data() {
			ss += float64(v) * float64(v)
		}
	}
	norm := math.Sqrt(ss)
	coef := maxNorm / (norm + 1e-6)
	if coef < 1 || math.IsNaN(coef) {
		c := float32(coef)
		for _, p := range params {
			g := p.Grad.Data()
			for i := range g {
				g[i] *= c
			}
		}
	}
	return norm
}

// ClipGradValue clamps every gradient element of params to [−v, v] in place
// (torch.nn.utils.clip_grad_value_).
func ClipGradValue(params []*autograd.Param, v float64) {
	hi := float32(v)
	for _, p := range params {
		g := p.Grad.Data()
		for i, x := range g {
			g[i] = min(max(x, -hi), hi)
		}
	}
}
