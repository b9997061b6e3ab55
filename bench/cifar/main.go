// Command cifar times full training steps of the CIFAR-10 zoo networks on a random
// CIFAR-shaped batch (128×3×32×32, standard-normal values, random labels 0–9), to
// compare with reference.py, which times the same networks in PyTorch 1.13 on 2
// threads.
//
// A step is what a user's hand-written loop does with the public nn API (the loop
// inside nn.Trainer, without its data loading and augmentation): tape.Reset, the
// network's Forward from nn/layer (layer.ResNet18, layer.VGG16 or layer.FastResNet
// with width 64) in training mode (BatchNorm with batch statistics), the mean
// softmax cross-entropy, tape.Backward, and optim.Optimizer.Step with
// optim.SGD{Momentum: 0.9, Nesterov: true, WeightDecay: 5e-4} (which also zeroes
// the gradients). After -warmup steps it times -steps steps and prints the median
// and best milliseconds of the forward pass, the backward pass, the update and the
// whole step, the process's CPU time (user + system) per timed step, and its peak resident set size (VmHWM of /proc/self/status:
// the network, its gradients, the momentum buffers, the tape's activations and the
// Go runtime's slack together). One model per process, so that the peak is that
// model's:
//
//	go run ./bench/cifar -model resnet18 && /usr/bin/python3 bench/cifar/reference.py resnet18
//	ROUNDS=3 bench/run.sh cifar     # fast, resnet18 and vgg16, ours and PyTorch's alternating
//
// Flags: -model resnet18|vgg16|fast, -steps (default 10), -warmup (default 2),
// -threads (GOMAXPROCS, default 2), -cpuprofile file, -memprofile file.
//
// Results, 2026-12-05, on this project's 2-core Intel Xeon (AVX-512), which another
// engineer's benchmarks were loading throughout (load average 3–6 on 2 cores), so
// the wall times are noisy and each process often had about one core. ms per step
// of batch 128; "median" is the median of our 3 round medians and PyTorch's best
// round median, "best" each one's fastest single step of all rounds; peak RSS in MiB.
//
// 2 threads each: ROUNDS=3 bench/run.sh cifar (10 timed steps per run, ours first in
// odd rounds, PyTorch's in even ones):
//
//	model     skgo median  PyTorch median  ratio   skgo best  PyTorch best  ratio   RSS skgo  RSS PyTorch
//	fast          4195          2311       1.81      2551        1843       1.38      2520       1078
//	resnet18      5864          7080       0.83      3665        3188       1.15      4722       1392
//	vgg16         3318          1357       2.44      1584        1004       1.58      2109        897
//
// 1 thread each (less sensitive to the load), 3 alternating rounds of
// `cifar -threads 1 -steps 5 -warmup 1` and `reference.py MODEL 5 1 1`; "cpu" is the
// median over rounds of the process CPU time per step:
//
//	model     skgo median  PyTorch median  ratio   skgo best  PyTorch best  ratio   skgo cpu  PyTorch cpu  ratio
//	fast          4115          3720       1.11      3338        2378       1.40      4174       3498       1.19
//	resnet18      6340          6893       0.92      5637        5355       1.05      6390       7095       0.90
//	vgg16         4933          2640       1.87      3668        2417       1.52      3958       3587       1.10
//
// So, as measured here, ResNet18 steps run at about PyTorch's speed and VGG16 and
// FastResNet steps 1.1–1.6× slower, short of issue 11's target of 0.8×. Where the
// time goes (-cpuprofile, VGG16 and FastResNet alike): about 75% in the GEMM of the
// convolutions (the AVX-512 micro-kernel kernel14x32AVX512 about 41%, packing the B
// operand, mostly im2col columns, 19%, packing A 11%), im2col and col2im about 10%,
// memmove and memclr about 11%, BatchNorm forward and backward about 6%.
//
// Peak RSS: the tables above predate commit 9e9d72e (autograd: convolution columns
// are transient), which landed during these measurements; until then each
// convolution kept its im2col matrix on the tape. After it (one run each, same
// machine and load, 2 threads), MiB:
//
//	model     skgo  PyTorch  ratio
//	fast      1552    1060   1.46
//	resnet18  2670    1269   2.10
//	vgg16     1351     869   1.55
//
// still above the target of at most PyTorch's. Where the memory goes (-memprofile,
// VGG16, 1.25 GiB in use at the end of backward): activation gradients 0.38 GiB
// (every tape variable's gradient stays allocated until the tape is reset, where
// PyTorch frees each once consumed), convolution outputs 0.30 GiB, BatchNorm outputs
// and saved normalised inputs 0.27 GiB, ReLU outputs and masks 0.09 GiB (PyTorch's
// ReLU is in place), the transient convolution columns 0.16 GiB, weights and
// momentum 0.17 GiB.
//
// Results, 2026-12-06, same machine, after the convolutions became implicit GEMMs
// (no columns matrix, weights packed once per pass, 3×3 rows copied in whole
// stretches), BatchNorm stopped saving its normalised input and BatchNorm + ReLU
// became one op. Another tenant kept the load average near 2 throughout, and
// PyTorch's OpenMP threads suffer most from that (its round medians ranged
// 3072–4941 ms for ResNet18). 3 rounds of the cifar group (10 timed steps, ours
// first in odd rounds); "median" is the median of our round medians against
// PyTorch's best round median, "best" each one's fastest step of all rounds:
//
//	model     skgo median  PyTorch median  ratio   skgo best  PyTorch best  ratio   RSS skgo   RSS PyTorch
//	fast          1619          1760       0.92      1409        1354       1.04     937–940    982–1030
//	resnet18      2647          3072       0.86      2526        2118       1.19    1338–1345  1284–1438
//	vgg16         1526          1389       1.10      1262        1067       1.18     705–712    861–892
//
// Against main before this work (1bf0782, two rounds of the same runs, round
// medians): ResNet18 3576–4610 ms and 1897–1900 MiB, VGG16 1657–2326 ms and
// 1041–1113 MiB, FastResNet 2020–2245 ms and 1288–1293 MiB. So training steps are
// 1.3–1.7× faster and peak RSS is at or below PyTorch's for all three networks
// (ResNet18 about equal); the steps are still short of 0.8× PyTorch's time. Where
// the CPU goes now (ResNet18, pprof, 2 threads): the AVX-512 micro-kernel 52%,
// gathering columns into packed panels 14% (the transposed gather of the weight
// gradient the larger part), col2im 8%, packing A (the gradients of the weight
// products) 4%, BatchNorm 5%.
//
// Results, 2026-12-06, later the same day, same machine and load (average about 2),
// after the vector kernels (BatchNorm's normalisation, statistics and backward
// pass, ReLU, col2im's row additions with AVX-512 masked tails, max pooling), the
// transposed column gather through 8×8 register transposes (straight from the image
// for interior taps), the left operand packed through register transposes, and
// GEMM tiles stored rather than added into a cleared C when beta is 0. Two rounds of
// before (main at 398f358), after and PyTorch, 8 timed steps each:
//
//	for r in 1 2; do for m in resnet18 vgg16 fast; do cifar.before -model $m -steps 8
//	    cifar.after -model $m -steps 8; /usr/bin/python3 bench/cifar/reference.py $m 8; done; done
//
//	           round medians (ms)                        after/PyTorch   best step (ms)        CPU ms/step         RSS MiB
//	model      before      after       PyTorch          (best round)    after   PyTorch       after     PyTorch   after  PyTorch
//	resnet18   2763 2457   2413 2009   3162 3269        0.70×           1958    2515 (0.78×)  4449 3777 6032 6343 1330   1403–1434
//	vgg16      1540 1517   1321 1432   1224 2294        1.12×           1197    1051 (1.14×)  2394 2625 2381 4571  707–711 778–867
//	fast       1533 1765   1225 1276   1684 2045        0.74×           1205    1441 (0.84×)  2306 2417 3666 4147  923–933 994–997
//
// ("after/PyTorch" compares the mean of our two round medians with PyTorch's better
// round median.) ResNet18 and FastResNet now train at 0.70–0.74× PyTorch's step
// time and VGG16 at about 1.1×, with peak RSS below PyTorch's for all three. In
// VGG16's profile the micro-kernel is 59% of the CPU time and runs near its peak
// (about 185 GFLOP/s per core of the 210 it reaches on operands in L1); the rest is
// col2im's row additions 9%, the column gathers 9% (slowest on the 4×4 and 2×2
// maps of the last stages, where a run is two or four positions: 1–4 GB/s against
// 8–11 GB/s on 32×32 maps, BenchmarkConvPackers), packing 3% and BatchNorm 5%.
// Closing the gap to 0.8× needs a convolution that never forms columns for those
// small maps (a direct or blocked-layout kernel, as oneDNN uses).
//
// Results, 2026-12-06 (evening), on a quiet machine (load average 0.0 before the
// runs: each process had both cores), after the batch-minor convolution for maps
// of at most 8×8 (nn/autograd/convbm.go: no columns gathered per sample, no
// col2im), kernels.CopyRuns for its panels and AddReLU at the join of residual
// blocks; before = main at 28503a2. Three rounds of 8 timed steps, before, after
// and PyTorch in turn (PyTorch first in round 2); "median" is the median of the
// round medians for ours and PyTorch's best round median, "best" the fastest
// single step of all rounds; CPU time per step and peak RSS (MiB) as ranges:
//
//	for r in 1 2 3; do for m in vgg16 resnet18 fast; do cifar.before -model $m -steps 8
//	    cifar.after -model $m -steps 8; /usr/bin/python3 bench/cifar/reference.py $m 8; done; done
//
//	           round medians (ms)                          median ratio   best step (ms)        CPU ms/step             RSS MiB
//	model      before          after           PyTorch             after/PT   after  PyTorch        after      PyTorch      after      PyTorch
//	vgg16      1308 1461 1129  1077 1151  974  1455 1581 1036      1.04×       955    950 (1.01×)  1856–2029  2077–3197   705–707    887–896
//	resnet18   2564 2053 2015  2030 2099 1856  2841 2604 2152      0.94×      1813   1814 (1.00×)  3545–3799  4315–5810  1211–1214  1383–1438
//	fast       1111 1210 1182  1199 1100 1174  1888 1645 1620      0.72×      1090   1200 (0.91×)  2092–2210  3252–3737   934–940   1058–1074
//
// So VGG16 steps got about 18% faster and ResNet18's peak RSS fell by 116 MiB, but
// on a quiet machine, where PyTorch's OpenMP threads are not disturbed, VGG16 and
// ResNet18 steps take about PyTorch's time (its best round), not 0.8× of it: the
// earlier tables compared against a PyTorch slowed by another tenant's load.
// Peak RSS stays 13–21% below PyTorch's and the CPU time per step below PyTorch's
// for all three. The AVX-512 micro-kernel is now 69% of VGG16's CPU time at about
// 197 GFLOP/s per core, near its 210 on operands in L1; the rest is the column
// packers (about 12%), BatchNorm (5%) and the optimizer (2%). A Winograd F(2×2,
// 3×3) path (2.25× fewer multiply-adds) was built and measured but not kept:
// with its tile transforms in scalar Go they cost about what the smaller products
// save (BenchmarkConvLayer, 512 channels at 4×4: forward + backward 161 against
// 183 CPU ms; 256 at 8×8 and 512 at 2×2 no faster); it needs vectorised
// transforms to pay.
//
// Results, 2026-12-06 (night), same machine, after the Winograd F(2×2, 3×3)
// convolution with vectorised, batch-minor transforms (nn/autograd/convwino.go,
// kernels.WinoInput and kin) for the 3×3 layers of at least 128 channels on maps
// up to 8×8, run in blocks of samples; before = main at 231f41d (the tables
// above). Three rounds as above, 8 timed steps, nothing else running:
//
//	           round medians (ms)                          median ratio   best step (ms)        CPU ms/step             RSS MiB
//	model      before          after           PyTorch             after/PT   after  PyTorch        after      PyTorch      after      PyTorch
//	vgg16       964 1002 1113   845  833  900  1653 1392 1907      0.61×       811   1166 (0.70×)  1567–1661  2652–3867   749–780    851–877
//	resnet18   2137 1969 1905  1946 1750 1725  3077 2546 2578      0.69×      1677   2215 (0.76×)  3255–3640  5063–6380  1269–1272  1346–1376
//	fast       1220 1059 1114  1081  984  975  1601 1712 1680      0.61×       896   1129 (0.79×)  1832–1975  3143–3704   973–979    993–1085
//
// PyTorch's step times vary from run to run more than ours (its VGG16 round
// medians were 1036–1980 ms over the nine rounds run today, all with nothing else
// running); against its best round median of the day (VGG16 1036, ResNet18 2152,
// FastResNet 1581 ms) our medians here are 0.82×, 0.81× and 0.62×, and our best
// single steps 0.85×, 0.92× and 0.79× its best of the day (950, 1814, 1129 ms).
// The Winograd layers made VGG16's steps 16% and ResNet18's 11% faster than before;
// peak RSS stays below PyTorch's for all three networks.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/skgo/skgo/nn/autograd"
	"github.com/skgo/skgo/nn/layer"
	"github.com/skgo/skgo/nn/optim"
	"github.com/skgo/skgo/nn/tensor"
)

const batch = 128

func main() {
	model := flag.String("model", "resnet18", "resnet18, vgg16 or fast (FastResNet, width 64)")
	steps := flag.Int("steps", 10, "timed steps")
	warmup := flag.Int("warmup", 2, "untimed steps first (they size the tape's buffers)")
	threads := flag.Int("threads", 2, "GOMAXPROCS")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed steps to this file")
	memprofile := flag.String("memprofile", "", "write a heap profile (in use after the last step's backward pass) to this file")
	flag.Parse()
	log.SetFlags(0)
	if *steps < 1 || *warmup < 0 || *threads < 1 {
		log.Fatal("bench/cifar: -steps and -threads must be at least 1, -warmup at least 0")
	}
	runtime.GOMAXPROCS(*threads)

	rng := rand.New(rand.NewPCG(1, 2))
	var net layer.Layer
	switch *model {
	case "resnet18":
		net = layer.ResNet18(10, rng)
	case "vgg16":
		net = layer.VGG16(10, rng)
	case "fast":
		net = layer.FastResNet(64, 10, rng)
	default:
		log.Fatalf("bench/cifar: unknown -model %q (want resnet18, vgg16 or fast)", *model)
	}
	x := tensor.New(batch, 3, 32, 32)
	for i := range x.Data() {
		x.Data()[i] = float32(rng.NormFloat64())
	}
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = rng.IntN(10)
	}
	opt := optim.Setup(&optim.SGD{LR: 0.01, Momentum: 0.9, Nesterov: true, WeightDecay: 5e-4}, layer.Params(net))
	tp := autograd.NewTape()

	var fw, bw, up, tot []time.Duration
	var loss float64
	var cpu0 time.Duration
	for i := -*warmup; i < *steps; i++ {
		if i == 0 {
			cpu0 = cpuTime()
		}
		if i == 0 && *cpuprofile != "" {
			f, err := os.Create(*cpuprofile)
			if err != nil {
				log.Fatal(err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				log.Fatal(err)
			}
			defer pprof.StopCPUProfile()
		}
		t0 := time.Now()
		tp.Reset()
		l := tp.SoftmaxCrossEntropy(net.Forward(tp, tp.Input(x)), labels, 0)
		t1 := time.Now()
		tp.Backward(l)
		t2 := time.Now()
		if i == *steps-1 && *memprofile != "" {
			writeHeapProfile(*memprofile)
		}
		opt.Step()
		t3 := time.Now()
		loss = l.Item()
		if i >= 0 {
			fw, bw, up, tot = append(fw, t1.Sub(t0)), append(bw, t2.Sub(t1)), append(up, t3.Sub(t2)), append(tot, t3.Sub(t0))
		}
	}
	cpu := (cpuTime() - cpu0) / time.Duration(*steps)
	fmt.Printf("skgo    %-8s batch %d, %d threads, %d steps: forward %7.1f  backward %7.1f  update %5.1f  step median %7.1f  best %7.1f ms  cpu %7.1f ms/step  peak RSS %4.0f MiB  (loss %.3f, %d parameters)\n",
		*model, batch, *threads, *steps, ms(median(fw)), ms(median(bw)), ms(median(up)), ms(median(tot)), ms(slices.Min(tot)), ms(cpu),
		peakRSSMiB(), loss, layer.NumParams(net))
}

// cpuTime returns the process's user + system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// writeHeapProfile writes the heap profile after a garbage collection.
func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// peakRSSMiB returns VmHWM from /proc/self/status in MiB, or -1 where it cannot be
// read (not Linux).
func peakRSSMiB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return -1
}
