// Command kernelgen writes the blocked matrix-multiply kernels of skgo in their
// float32 (nn/internal/kernels) and float64 (internal/gemm) versions from one
// template, so the twins cannot drift apart (DESIGN: float32/float64 twins are
// generated, not hand-copied). Each package runs it with go generate:
//
//	go run ../kernelgen -type float64 -dir .            (internal/gemm)
//	go run ../../../internal/kernelgen -type float32 -dir .  (nn/internal/kernels)
//
// It writes <prefix>_generic.go (blocking, packing, the pure-Go micro-kernel),
// <prefix>_amd64.go and <prefix>_amd64.s (the AVX2/FMA and AVX-512F micro-kernels
// and their dispatch) and <prefix>_purego.go. The exported entry points (Sgemm;
// Dgemm, SyrkT, Tile) are hand-written beside them.
//
// Two register tiles exist per type. The base tile (6×16 float32, 6×8 float64) has a
// pure-Go body and an AVX2/FMA body (12 ymm accumulators). The wide tile (14×32
// float32, 14×16 float64) is AVX-512F only: 28 zmm accumulators, two zmm of B and
// two broadcast registers fill the 32 zmm registers. Both bodies form every element
// of C the same way (a fused multiply-add per step into an accumulator that starts
// at zero, then one addition into C per block of kc steps), so the AVX2 and AVX-512
// paths give bit-identical results; the pure-Go body rounds the products separately.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

type params struct {
	Pkg, T, Prefix, Kernel, Vec string
	NR, NC                      int
	// assembly
	Suffix, Bcast       string
	ESize, Shift, AStep int
	Offsets             []int // byte offsets of the 6 A values of one step
	// AVX-512 wide tile
	WideKernel    string
	WMR, WNR, WNV int // rows, columns, zmm vectors per row
	WMC, WNC      int // cache blocks of the wide tile
	WVec          string
	WideAssembly  string
	// BaseStore and BaseStoreSet end the AVX2 kernel: the 6×2 accumulators added
	// into C, or to zero (Y12), and stored.
	BaseStore, BaseStoreSet string
	MaxMC, MaxNC            int
	MaxMR, MaxNR            int
}

func main() {
	typ := flag.String("type", "", "float32 or float64")
	dir := flag.String("dir", ".", "output directory")
	wideRows := flag.Int("wide-rows", 0, "rows of the AVX-512 tile (0: 14; for experiments)")
	wideVecs := flag.Int("wide-vecs", 0, "zmm vectors per row of the AVX-512 tile (0: 2; for experiments)")
	wideMC := flag.Int("wide-mc", 0, "mc of the AVX-512 tile (0: the default; for experiments)")
	wideNC := flag.Int("wide-nc", 0, "nc of the AVX-512 tile (0: the default; for experiments)")
	flag.Parse()
	var p params
	switch *typ {
	case "float32":
		p = params{Pkg: "kernels", T: "float32", Prefix: "sgemm", Kernel: "kernel6x16", Vec: "8-float",
			NR: 16, NC: 512, Suffix: "PS", Bcast: "VBROADCASTSS", ESize: 4, Shift: 2,
			WMR: 14, WNV: 2, WMC: 14 * 8, WNC: 2048, WVec: "16-float"}
	case "float64":
		p = params{Pkg: "gemm", T: "float64", Prefix: "gemm", Kernel: "kernel6x8", Vec: "4-double",
			NR: 8, NC: 256, Suffix: "PD", Bcast: "VBROADCASTSD", ESize: 8, Shift: 3,
			WMR: 14, WNV: 2, WMC: 14 * 8, WNC: 512, WVec: "8-double"}
	default:
		log.Fatalf("kernelgen: -type must be float32 or float64, got %q", *typ)
	}
	if *wideRows > 0 {
		p.WMR = *wideRows
	}
	if *wideVecs > 0 {
		p.WNV = *wideVecs
	}
	if *wideMC > 0 {
		p.WMC = *wideMC
	}
	if *wideNC > 0 {
		p.WNC = *wideNC
	}
	p.AStep = 6 * p.ESize
	for i := range 6 {
		p.Offsets = append(p.Offsets, i*p.ESize)
	}
	p.WNR = p.WNV * 64 / p.ESize
	if p.WMC%p.WMR != 0 || p.WNC%p.WNR != 0 {
		log.Fatalf("kernelgen: cache blocks %d×%d are not multiples of the %d×%d tile", p.WMC, p.WNC, p.WMR, p.WNR)
	}
	p.WideKernel = fmt.Sprintf("kernel%dx%d", p.WMR, p.WNR)
	p.MaxMC, p.MaxNC = max(96, p.WMC), max(p.NC, p.WNC)
	p.MaxMR, p.MaxNR = max(6, p.WMR), max(p.NR, p.WNR)
	p.WideAssembly = wideAsm(p)
	p.BaseStore, p.BaseStoreSet = baseStore(p, "(DX)", "32(DX)"), baseStore(p, "Y12", "Y12")
	for _, f := range []struct {
		name, tmpl string
		goSource   bool
	}{
		{p.Prefix + "_generic.go", genericTmpl, true},
		{p.Prefix + "_amd64.go", amd64Tmpl, true},
		{p.Prefix + "_purego.go", puregoTmpl, true},
		{p.Prefix + "_amd64.s", asmTmpl, false},
	} {
		t := template.Must(template.New(f.name).Funcs(template.FuncMap{"add": func(a, b int) int { return a + b }}).Parse(f.tmpl))
		var b bytes.Buffer
		if err := t.Execute(&b, p); err != nil {
			log.Fatal(err)
		}
		out := b.Bytes()
		if f.goSource {
			var err error
			if out, err = format.Source(out); err != nil {
				log.Fatalf("kernelgen: %s: %v\n%s", f.name, err, b.Bytes())
			}
		}
		if err := os.WriteFile(filepath.Join(*dir, f.name), out, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Fprintf(os.Stderr, "kernelgen: wrote %s kernels (%s) in %s\n", *typ, strings.ToUpper(p.Suffix), *dir)
}

// wideAsm writes the AVX-512F micro-kernel: Z0..Z(WMR·WNV-1) accumulate the tile
// (row i in Z(WNV·i) … Z(WNV·i+WNV-1)), the WNV vectors of B of one step are loaded
// into the registers after them, and each row's A value is broadcast into one of the
// last two registers, alternately.
func wideAsm(p params) string {
	acc := p.WMR * p.WNV
	if acc+p.WNV+2 > 32 {
		log.Fatalf("kernelgen: a %d×%d tile needs %d zmm registers", p.WMR, p.WNR, acc+p.WNV+2)
	}
	var s strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&s, format+"\n", args...) }
	w("// func %sAVX512(k int, a, b, c *%s, ldc, set int)", p.WideKernel, p.T)
	w("//")
	w("// Z0..Z%d accumulate the %d×%d tile (row i in Z%d·i … Z%d·i+%d); each step loads", acc-1, p.WMR, p.WNR, p.WNV, p.WNV, p.WNV-1)
	w("// %d vectors of B into Z%d… and broadcasts the %d values of A into Z30/Z31 in turn.", p.WNV, acc, p.WMR)
	w("// The tile is then added into C, row by row (with set != 0, +0 + tile is stored,")
	w("// the bits an addition into a zeroed C gives, without reading C).")
	w("TEXT ·%sAVX512(SB), NOSPLIT, $0-48", p.WideKernel)
	w("\tMOVQ k+0(FP), CX")
	w("\tMOVQ a+8(FP), SI")
	w("\tMOVQ b+16(FP), DI")
	w("\tMOVQ c+24(FP), DX")
	w("\tMOVQ ldc+32(FP), R8")
	w("\tSHLQ $%d, R8", p.Shift)
	w("")
	for i := range acc {
		w("\tVPXORD Z%d, Z%d, Z%d", i, i, i)
	}
	w("")
	w("\tTESTQ CX, CX")
	w("\tJZ    store")
	w("")
	w("loop:")
	for v := range p.WNV {
		w("\tVMOVUP%s %d(DI), Z%d", p.Suffix[1:], 64*v, acc+v)
	}
	for i := range p.WMR {
		bc := 30 + i%2
		w("\t%s %d(SI), Z%d", p.Bcast, i*p.ESize, bc)
		for v := range p.WNV {
			w("\tVFMADD231%s Z%d, Z%d, Z%d", p.Suffix, acc+v, bc, p.WNV*i+v)
		}
	}
	w("\tADDQ $%d, SI", p.WMR*p.ESize)
	w("\tADDQ $%d, DI", 64*p.WNV)
	w("\tDECQ CX")
	w("\tJNZ  loop")
	w("")
	// storeTile adds each accumulator row to src (C's row, or zero) and stores it.
	storeTile := func(src func(v int) string) {
		for i := range p.WMR {
			for v := range p.WNV {
				r := p.WNV*i + v
				w("\tVADD%s %s, Z%d, Z%d", p.Suffix, src(v), r, r)
				w("\tVMOVUP%s Z%d, %d(DX)", p.Suffix[1:], r, 64*v)
			}
			if i < p.WMR-1 {
				w("\tADDQ R8, DX")
			}
		}
		w("\tVZEROUPPER")
		w("\tRET")
	}
	w("store:")
	w("\tMOVQ set+40(FP), AX")
	w("\tTESTQ AX, AX")
	w("\tJNZ  storeset")
	storeTile(func(v int) string { return fmt.Sprintf("%d(DX)", 64*v) })
	w("")
	w("storeset:")
	w("\tVPXORD Z30, Z30, Z30")
	storeTile(func(int) string { return "Z30" })
	return s.String()
}

// baseStore writes the stores of the AVX2 6×2-vector tile: each row's two
// accumulators plus lo and hi (C's two vectors of the row, or a zero register),
// stored into C row by row, then the return.
func baseStore(p params, lo, hi string) string {
	var s strings.Builder
	for i := range 6 {
		if i > 0 {
			fmt.Fprintf(&s, "\tADDQ    R8, DX\n")
		}
		fmt.Fprintf(&s, "\tVADD%s  %s, Y%d, Y%d\n", p.Suffix, lo, 2*i, 2*i)
		fmt.Fprintf(&s, "\tVADD%s  %s, Y%d, Y%d\n", p.Suffix, hi, 2*i+1, 2*i+1)
		fmt.Fprintf(&s, "\tVMOVU%s Y%d, (DX)\n", p.Suffix, 2*i)
		fmt.Fprintf(&s, "\tVMOVU%s Y%d, 32(DX)\n", p.Suffix, 2*i+1)
	}
	s.WriteString("\tVZEROUPPER\n\tRET\n")
	return s.String()
}

const header = "// Code generated by internal/kernelgen; DO NOT EDIT.\n\n"

var genericTmpl = header + `package {{.Pkg}}

import "sync"

// Register and cache blocking. The base 6×{{.NR}} micro-tile keeps 12 AVX2
// accumulators (6 rows × two {{.Vec}} vectors) in registers; the AVX-512 {{.WMR}}×{{.WNR}}
// tile keeps {{.WMR}}·{{.WNV}} zmm accumulators ({{.WNV}} {{.WVec}} vectors per row). kc×nr values of
// B and kc×mr of A stream through L1, and mc×kc of A stays in L2. kc is the same for
// every tile, so every element of C is summed in the same order whatever the tile.
const (
	mr = 6
	nr = {{.NR}}
	kc = 256

	maxMR = {{.MaxMR}}
	maxNR = {{.MaxNR}}
	maxMC = {{.MaxMC}}
	maxNC = {{.MaxNC}}
)

// Instruction-set levels of the micro-kernels, lowest first.
const (
	isaGeneric = iota // pure Go
	isaAVX2           // AVX2 + FMA, base tile
	isaAVX512         // AVX-512F, wide tile
)

// microKernel is one register tile and its cache blocks: run adds the product of a
// packed k×mr A panel and a packed k×nr B panel into the mr×nr block of c.
type microKernel struct {
	mr, nr int // register tile
	mc, nc int // cache blocks, multiples of mr and nr
	run    func(k int, a, b, c []{{.T}}, ldc int, set bool)
}

// baseKernel is the 6×{{.NR}} tile (AVX2 or pure Go).
var baseKernel = microKernel{mr: mr, nr: nr, mc: 96, nc: {{.NC}}, run: {{.Kernel}}}

var packPool = sync.Pool{New: func() any {
	return &packBufs{a: make([]{{.T}}, maxMC*kc), b: make([]{{.T}}, kc*maxNC)}
}}

type packBufs struct{ a, b []{{.T}} }

// BPacker writes op(B)[p0:p0+kb, j0:j0+nb] into dst in packB's layout: ⌈nb/nr⌉
// panels of kb·nr values, panel s holding for each step p the nr values of columns
// j0+nr·s … j0+nr·s+nr-1, zero past column j0+nb. It lets a caller supply B without
// materialising it (a convolution's columns gathered straight from the image); a
// gemm given the same values through a BPacker gives the same bits as with b.
type BPacker func(p0, j0, kb, nb, nr int, dst []{{.T}})

// PackedA is a left operand packed once, by PackA, for every product that uses it:
// alpha·op(A) in the micro-kernel's panel layout for all its rows and steps (block
// of steps pc at data[pc·mRound:], rows rounded up to the tile height), so that
// products over different column blocks of B share one packing.
type PackedA struct {
	data []{{.T}}
	m, k int // the operand's rows and steps
	mr   int // tile height it was packed for
}

// PackA packs alpha·op(A) (m×k; A stored m×k with row stride lda, or k×m when
// transA) into dst, reusing dst's storage when it is large enough.
func PackA(transA bool, m, k int, alpha {{.T}}, a []{{.T}}, lda int, dst *PackedA) {
	mr := activeKernel().mr
	mRound := (m + mr - 1) / mr * mr
	if size := mRound * k; cap(dst.data) < size {
		dst.data = make([]{{.T}}, size)
	} else {
		dst.data = dst.data[:size]
	}
	dst.m, dst.k, dst.mr = m, k, mr
	for pc := 0; pc < k; pc += kc {
		packA(transA, a, lda, 0, pc, m, min(kc, k-pc), mr, alpha, dst.data[pc*mRound:])
	}
}

// gemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices (see the
// exported wrappers for the argument conventions) with the micro-kernel of the
// instruction-set level in use. With upper set (A and B the same matrix, C
// symmetric), tiles entirely below the diagonal are skipped. A non-nil pack
// supplies op(B) instead of b, transB and ldb; a non-nil pa supplies rows
// [row0, row0+m) of alpha·op(A) instead of transA, alpha, a and lda (alpha must then
// be 1). It is single-threaded, its summation order is fixed by kc, and after
// warm-up it does not allocate.
func gemm(transA, transB bool, m, n, k int, alpha {{.T}}, a []{{.T}}, lda int, pa *PackedA, row0 int, b []{{.T}}, ldb int, pack BPacker, beta {{.T}}, c []{{.T}}, ldc int, upper bool) {
	if m <= 0 || n <= 0 {
		return
	}
	// With beta == 0 the first block of steps stores its tiles instead of adding
	// them into a zeroed C (same bits, C neither cleared nor read); a symmetric
	// product leaves tiles unwritten and clears C first.
	set := beta == 0 && !upper && k > 0 && alpha != 0
	if beta != 1 && !set {
		for i := 0; i < m; i++ {
			row := c[i*ldc : i*ldc+n]
			if beta == 0 {
				clear(row)
			} else {
				for j := range row {
					row[j] *= beta
				}
			}
		}
	}
	if k <= 0 || alpha == 0 {
		return
	}
	mk := activeKernel()
	mr, nr, mc, nc, run := mk.mr, mk.nr, mk.mc, mk.nc, mk.run
	var paRows int // rows of pa rounded up to mr
	if pa != nil {
		if pa.mr != mr || row0%mr != 0 || row0+m > pa.m || k != pa.k {
			panic("gemm: packed A does not match the product")
		}
		paRows = (pa.m + mr - 1) / mr * mr
	}
	bufs := packPool.Get().(*packBufs)
	defer packPool.Put(bufs)
	var tile [maxMR * maxNR]{{.T}}
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			if pack != nil {
				pack(pc, jc, kb, nb, nr, bufs.b[:(nb+nr-1)/nr*nr*kb])
			} else {
				packB(transB, b, ldb, pc, jc, kb, nb, nr, bufs.b)
			}
			for ic := 0; ic < m; ic += mc {
				mb := min(mc, m-ic)
				if upper && ic >= jc+nb {
					break // the whole block lies below the diagonal
				}
				apk := bufs.a
				if pa != nil {
					apk = pa.data[pc*paRows+(row0+ic)*kb:]
				} else {
					packA(transA, a, lda, ic, pc, mb, kb, mr, alpha, bufs.a)
				}
				for jr := 0; jr < nb; jr += nr {
					bp := bufs.b[jr*kb : jr*kb+kb*nr]
					cols := min(nr, nb-jr)
					for ir := 0; ir < mb; ir += mr {
						if upper && ic+ir >= jc+jr+cols {
							break // this tile and the ones below it are under the diagonal
						}
						ap := apk[ir*kb : ir*kb+kb*mr]
						rows := min(mr, mb-ir)
						off := (ic+ir)*ldc + jc + jr
						first := set && pc == 0
						if rows == mr && cols == nr {
							run(kb, ap, bp, c[off:], ldc, first)
							continue
						}
						t := tile[:mr*nr]
						run(kb, ap, bp, t, nr, true)
						for i := 0; i < rows; i++ {
							dst := c[off+i*ldc : off+i*ldc+cols]
							if first {
								copy(dst, t[i*nr:i*nr+cols])
								continue
							}
							for j := range dst {
								dst[j] += t[i*nr+j]
							}
						}
					}
				}
			}
		}
	}
}

// packA copies alpha·op(A)[i0:i0+mb, p0:p0+kb] into dst as ⌈mb/mr⌉ panels; panel r
// holds, for each p, the mr values of rows mr·r … mr·r+mr-1 (zero-padded). The loops
// index flat slices: at small widths sub-slicing every row costs more than the copy.
func packA(trans bool, a []{{.T}}, lda, i0, p0, mb, kb, mr int, alpha {{.T}}, dst []{{.T}}) {
	for ir := 0; ir < mb; ir += mr {
		panel := dst[ir*kb : ir*kb+kb*mr]
		rows := min(mr, mb-ir)
		if rows < mr {
			clear(panel)
		}
		if trans {
			// op(A) = Aᵀ: row p of A holds the panel's values for step p contiguously.
			base := p0*lda + i0 + ir
			if packColsVec(a[base:], lda, rows, kb, mr, alpha, panel) == kb {
				continue
			}
			if rows == 6 && mr == 6 {
				for p := 0; p < kb; p++ { // unrolled: the compiler does not unroll loops
					src := (*[6]{{.T}})(a[base+p*lda:])
					d := (*[6]{{.T}})(panel[p*6:])
					d[0], d[1], d[2] = alpha*src[0], alpha*src[1], alpha*src[2]
					d[3], d[4], d[5] = alpha*src[3], alpha*src[4], alpha*src[5]
				}
				continue
			}
			for p := 0; p < kb; p++ {
				src := a[base+p*lda : base+p*lda+rows]
				d := panel[p*mr : p*mr+rows]
				for i, v := range src {
					d[i] = alpha * v
				}
			}
			continue
		}
		// The vector transpose packs whole blocks of 8 steps; the loop below the rest.
		n := packRowsVec(a[(i0+ir)*lda+p0:], lda, rows, kb, mr, alpha, panel)
		for i := 0; i < rows; i++ {
			src := a[(i0+ir+i)*lda+p0+n : (i0+ir+i)*lda+p0+kb]
			for p, v := range src {
				panel[(n+p)*mr+i] = alpha * v
			}
		}
	}
}

// packB copies op(B)[p0:p0+kb, j0:j0+nb] into dst as ⌈nb/nr⌉ panels; panel s holds,
// for each p, the nr values of columns nr·s … nr·s+nr-1 (zero-padded).
func packB(trans bool, b []{{.T}}, ldb, p0, j0, kb, nb, nr int, dst []{{.T}}) {
	for jr := 0; jr < nb; jr += nr {
		panel := dst[jr*kb : jr*kb+kb*nr]
		cols := min(nr, nb-jr)
		if !trans {
			base := p0*ldb + j0 + jr
			if cols == nr {
				for p := 0; p < kb; p++ {
					copy(panel[p*nr:p*nr+nr], b[base+p*ldb:base+p*ldb+nr])
				}
				continue
			}
			clear(panel)
			for p := 0; p < kb; p++ {
				copy(panel[p*nr:p*nr+cols], b[base+p*ldb:base+p*ldb+cols])
			}
			continue
		}
		if cols < nr {
			clear(panel)
		}
		for j := 0; j < cols; j++ {
			src := b[(j0+jr+j)*ldb+p0 : (j0+jr+j)*ldb+p0+kb]
			for p, v := range src {
				panel[p*nr+j] = v
			}
		}
	}
}

// {{.Kernel}}Generic adds the 6×{{.NR}} product of a packed A panel (k×6) and a packed B
// panel (k×{{.NR}}) into c (row stride ldc):
//
//	for p := 0; p < k; p++ {
//		for i := 0; i < 6; i++ {
//			for j := 0; j < {{.NR}}; j++ {
//				c[i*ldc+j] += a[p*6+i] * b[p*{{.NR}}+j]
//			}
//		}
//	}
//
// with the products summed first and added into c at the end; with set, c is
// overwritten with +0 + the sums instead (the bits of adding them into a zeroed c).
func {{.Kernel}}Generic(k int, a, b, c []{{.T}}, ldc int, set bool) {
	var acc [mr][nr]{{.T}}
	for p := 0; p < k; p++ {
		bp := (*[nr]{{.T}})(b[p*nr : p*nr+nr])
		ap := (*[mr]{{.T}})(a[p*mr : p*mr+mr])
		for i := 0; i < mr; i++ {
			ai := ap[i]
			row := &acc[i]
			for j := 0; j < nr; j++ {
				row[j] += ai * bp[j]
			}
		}
	}
	var zero {{.T}}
	for i := 0; i < mr; i++ {
		dst := c[i*ldc : i*ldc+nr]
		if set {
			for j := range dst {
				dst[j] = zero + acc[i][j]
			}
			continue
		}
		for j := range dst {
			dst[j] += acc[i][j]
		}
	}
}
`

var amd64Tmpl = header + `//go:build amd64 && !purego

package {{.Pkg}}

import "golang.org/x/sys/cpu"

// hasISA is the best micro-kernel this CPU runs: AVX-512F (x/sys/cpu reports it only
// when the OS saves the zmm state), else AVX2 with FMA, else pure Go. isa is the level
// in use; tests lower it to check every path on one machine.
var (
	hasISA = detectISA()
	isa    = hasISA
)

func detectISA() int {
	switch {
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA && cpu.X86.HasAVX512F:
		return isaAVX512
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return isaAVX2
	}
	return isaGeneric
}

// wideKernel is the AVX-512 {{.WMR}}×{{.WNR}} tile.
var wideKernel = microKernel{mr: {{.WMR}}, nr: {{.WNR}}, mc: {{.WMC}}, nc: {{.WNC}}, run: {{.WideKernel}}}

// activeKernel returns the micro-kernel of the level in use.
func activeKernel() *microKernel {
	if isa >= isaAVX512 {
		return &wideKernel
	}
	return &baseKernel
}

// {{.Kernel}} adds the product of a packed k×6 A panel and a packed k×{{.NR}} B panel into
// the 6×{{.NR}} block of c at row stride ldc (with set, stores +0 + it); see
// {{.Kernel}}Generic for the reference loop.
func {{.Kernel}}(k int, a, b, c []{{.T}}, ldc int, set bool) {
	if isa >= isaAVX2 && k > 0 {
		_ = a[k*mr-1]
		_ = b[k*nr-1]
		_ = c[5*ldc+nr-1]
		{{.Kernel}}AVX2(k, &a[0], &b[0], &c[0], ldc, b2i(set))
		return
	}
	{{.Kernel}}Generic(k, a, b, c, ldc, set)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// {{.WideKernel}} adds the product of a packed k×{{.WMR}} A panel and a packed k×{{.WNR}} B panel
// into the {{.WMR}}×{{.WNR}} block of c at row stride ldc (AVX-512F only):
//
//	for i < {{.WMR}}, j < {{.WNR}}: c[i*ldc+j] += Σ_p a[p*{{.WMR}}+i]·b[p*{{.WNR}}+j]
//
// each sum formed by fused multiply-adds in step order, as {{.Kernel}}AVX2 forms its sums.
// With set, c's block is overwritten with +0 + the sums (the bits of adding them
// into a zeroed block) and not read.
func {{.WideKernel}}(k int, a, b, c []{{.T}}, ldc int, set bool) {
	if k <= 0 {
		if set {
			for i := range {{.WMR}} {
				clear(c[i*ldc : i*ldc+{{.WNR}}])
			}
		}
		return
	}
	_ = a[k*{{.WMR}}-1]
	_ = b[k*{{.WNR}}-1]
	_ = c[{{add .WMR -1}}*ldc+{{.WNR}}-1]
	{{.WideKernel}}AVX512(k, &a[0], &b[0], &c[0], ldc, b2i(set))
}

//go:noescape
func {{.Kernel}}AVX2(k int, a, b, c *{{.T}}, ldc, set int)

//go:noescape
func {{.WideKernel}}AVX512(k int, a, b, c *{{.T}}, ldc, set int)
`

var puregoTmpl = header + `//go:build !amd64 || purego

package {{.Pkg}}

// Without assembly only the pure-Go base tile exists.
const hasISA = isaGeneric

var isa = hasISA

func activeKernel() *microKernel { return &baseKernel }

func {{.Kernel}}(k int, a, b, c []{{.T}}, ldc int, set bool) { {{.Kernel}}Generic(k, a, b, c, ldc, set) }
`

var asmTmpl = `// Code generated by internal/kernelgen; DO NOT EDIT.

//go:build amd64 && !purego

#include "textflag.h"

// func {{.Kernel}}AVX2(k int, a, b, c *{{.T}}, ldc, set int)
//
// Y0..Y11 accumulate the 6×{{.NR}} tile (row i in Y(2i), Y(2i+1)); each step loads two
// vectors of B and broadcasts 6 values of A. The tile is then added into C (with
// set != 0, +0 + tile is stored without reading C).
TEXT ·{{.Kernel}}AVX2(SB), NOSPLIT, $0-48
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ c+24(FP), DX
	MOVQ ldc+32(FP), R8
	SHLQ ${{.Shift}}, R8

	VXOR{{.Suffix}} Y0, Y0, Y0
	VXOR{{.Suffix}} Y1, Y1, Y1
	VXOR{{.Suffix}} Y2, Y2, Y2
	VXOR{{.Suffix}} Y3, Y3, Y3
	VXOR{{.Suffix}} Y4, Y4, Y4
	VXOR{{.Suffix}} Y5, Y5, Y5
	VXOR{{.Suffix}} Y6, Y6, Y6
	VXOR{{.Suffix}} Y7, Y7, Y7
	VXOR{{.Suffix}} Y8, Y8, Y8
	VXOR{{.Suffix}} Y9, Y9, Y9
	VXOR{{.Suffix}} Y10, Y10, Y10
	VXOR{{.Suffix}} Y11, Y11, Y11

	TESTQ CX, CX
	JZ    store

loop:
	VMOVU{{.Suffix}}      (DI), Y12
	VMOVU{{.Suffix}}      32(DI), Y13
	{{.Bcast}} {{index .Offsets 0}}(SI), Y14
	{{.Bcast}} {{index .Offsets 1}}(SI), Y15
	VFMADD231{{.Suffix}}  Y12, Y14, Y0
	VFMADD231{{.Suffix}}  Y13, Y14, Y1
	VFMADD231{{.Suffix}}  Y12, Y15, Y2
	VFMADD231{{.Suffix}}  Y13, Y15, Y3
	{{.Bcast}} {{index .Offsets 2}}(SI), Y14
	{{.Bcast}} {{index .Offsets 3}}(SI), Y15
	VFMADD231{{.Suffix}}  Y12, Y14, Y4
	VFMADD231{{.Suffix}}  Y13, Y14, Y5
	VFMADD231{{.Suffix}}  Y12, Y15, Y6
	VFMADD231{{.Suffix}}  Y13, Y15, Y7
	{{.Bcast}} {{index .Offsets 4}}(SI), Y14
	{{.Bcast}} {{index .Offsets 5}}(SI), Y15
	VFMADD231{{.Suffix}}  Y12, Y14, Y8
	VFMADD231{{.Suffix}}  Y13, Y14, Y9
	VFMADD231{{.Suffix}}  Y12, Y15, Y10
	VFMADD231{{.Suffix}}  Y13, Y15, Y11
	ADDQ         ${{.AStep}}, SI
	ADDQ         $64, DI
	DECQ         CX
	JNZ          loop

store:
	MOVQ set+40(FP), AX
	TESTQ AX, AX
	JNZ  storeset
{{.BaseStore}}
storeset:
	VXOR{{.Suffix}} Y12, Y12, Y12
{{.BaseStoreSet}}
{{.WideAssembly}}`
