package layer

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skgo/skgo/internal/testutil"
	"github.com/skgo/skgo/nn/autograd"
)

// torchModel is one entry of testdata/torch.json (testdata/gen_torch.py, PyTorch 1.13).
type torchModel struct {
	NumParams       int      `json:"num_params"`
	ParamShapes     [][]int  `json:"param_shapes"`
	ParamNames      []string `json:"param_names"`
	NumBufferValues int      `json:"num_buffer_values"`
	BufferShapes    [][]int  `json:"buffer_shapes"`
	InShape         []int    `json:"in_shape"`
	OutShape        []int    `json:"out_shape"`
}

var zoo = []struct {
	key   string
	build func(rng *rand.Rand) *Sequential
	slow  bool // skip the backward step under -short
	// noGrad reports params whose gradient is exactly zero in theory: a convolution
	// bias followed by BatchNorm (the batch mean removes it).
	noGrad func(path string) bool
}{
	{key: "lenet", build: LeNet},
	{key: "flux_mnist_conv", build: FluxMNISTConv},
	{key: "vgg16", build: func(rng *rand.Rand) *Sequential { return VGG16(10, rng) }, slow: true,
		noGrad: func(path string) bool { return strings.HasSuffix(path, ".B") && !strings.HasPrefix(path, "layers.45.") }},
	{key: "vgg16_100", build: func(rng *rand.Rand) *Sequential { return VGG16(100, rng) }, slow: true},
	{key: "resnet18", build: func(rng *rand.Rand) *Sequential { return ResNet18(10, rng) }, slow: true},
}

func TestZooMatchesPyTorch(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	for _, m := range zoo {
		t.Run(m.key, func(t *testing.T) {
			var want torchModel
			g.Decode(m.key, &want)
			net := m.build(rand.New(rand.NewPCG(1, 2)))
			assert.Equal(t, want.NumParams, NumParams(net), "parameter count")
			var shapes [][]int
			for _, p := range Params(net) {
				shapes = append(shapes, p.Value.Shape())
			}
			assert.Equal(t, want.ParamShapes, shapes, "parameter shapes in named_parameters order")
			var bshapes [][]int
			nb := 0
			for _, b := range Buffers(net) {
				bshapes = append(bshapes, b.Tensor.Shape())
				nb += b.Tensor.Len()
			}
			assert.Equal(t, want.NumBufferValues, nb)
			if len(want.BufferShapes) > 0 {
				assert.Equal(t, want.BufferShapes, bshapes, "buffer shapes in named_buffers order")
			}
			out, err := OutputShape(net, want.InShape)
			require.NoError(t, err)
			assert.Equal(t, want.OutShape, out)
		})
	}
}

func TestZooTrainStep(t *testing.T) {
	g := testutil.Golden(t, "testdata/torch.json")
	for _, m := range zoo {
		if m.key == "vgg16_100" {
			continue
		}
		t.Run(m.key, func(t *testing.T) {
			if m.slow && testing.Short() {
				t.Skip("slow under -short")
			}
			var want torchModel
			g.Decode(m.key, &want)
			rng := rand.New(rand.NewPCG(3, 4))
			net := m.build(rng)
			x := randT(rng, append([]int{2}, want.InShape...)...)
			start := time.Now()
			tp := autograd.NewTape()
			logits := net.Forward(tp, tp.Input(x))
			require.Equal(t, append([]int{2}, want.OutShape...), logits.Value.Shape())
			loss := tp.SoftmaxCrossEntropy(logits, []int{1, 3}, 0)
			tp.Backward(loss)
			t.Logf("forward+backward of batch 2: %v", time.Since(start))
			for _, p := range NamedParams(net) {
				g := p.Param.Grad
				require.False(t, g.HasNaNOrInf(), "%s: non-finite gradient", p.Path)
				if m.noGrad != nil && m.noGrad(p.Path) {
					continue
				}
				nonZero := false
				for _, v := range g.Data() {
					if v != 0 {
						nonZero = true
						break
					}
				}
				assert.True(t, nonZero, "%s: gradient is all zero", p.Path)
			}
		})
	}
}
