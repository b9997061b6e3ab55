//go:build amd64 && !purego

#include "textflag.h"

// Vector kernels of vec.go, eight float32 lanes per ymm register (AVX, and AVX2 for
// the integer lanes of maxPool2x2AVX2). Every operation is the one the Go body does,
// rounded the same way (no fused multiply-adds), in the same order.

// func reluAVX(dst, src []float32)
TEXT ·reluAVX(SB), NOSPLIT, $0-48
	MOVQ   dst_base+0(FP), DI
	MOVQ   src_base+24(FP), SI
	MOVQ   src_len+32(FP), CX
	VXORPS Y15, Y15, Y15
	MOVQ   CX, BX
	SHRQ   $5, BX
	JZ     relu8

relu32:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VCMPPS  $0x16, Y15, Y0, Y4 // not (x <= 0): x > 0 or NaN
	VCMPPS  $0x16, Y15, Y1, Y5
	VCMPPS  $0x16, Y15, Y2, Y6
	VCMPPS  $0x16, Y15, Y3, Y7
	VANDPS  Y0, Y4, Y4
	VANDPS  Y1, Y5, Y5
	VANDPS  Y2, Y6, Y6
	VANDPS  Y3, Y7, Y7
	VMOVUPS Y4, (DI)
	VMOVUPS Y5, 32(DI)
	VMOVUPS Y6, 64(DI)
	VMOVUPS Y7, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	DECQ    BX
	JNZ     relu32

relu8:
	ANDQ $31, CX
	SHRQ $3, CX
	JZ   reludone

relu8loop:
	VMOVUPS (SI), Y0
	VCMPPS  $0x16, Y15, Y0, Y4
	VANDPS  Y0, Y4, Y4
	VMOVUPS Y4, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     relu8loop

reludone:
	VZEROUPPER
	RET

// func reluGradAVX(dst, g, x []float32, set int)
TEXT ·reluGradAVX(SB), NOSPLIT, $0-80
	MOVQ   dst_base+0(FP), DI
	MOVQ   g_base+24(FP), SI
	MOVQ   g_len+32(FP), CX
	MOVQ   x_base+48(FP), DX
	MOVQ   set+72(FP), AX
	VXORPS Y15, Y15, Y15
	SHRQ   $3, CX
	JZ     rgdone
	TESTQ  AX, AX
	JNZ    rgset

rgacc:
	VMOVUPS (DX), Y0
	VCMPPS  $0x1e, Y15, Y0, Y1 // x > 0 (false for NaN)
	VANDPS  (SI), Y1, Y1       // g where x > 0, else +0
	VMOVUPS (DI), Y2
	VADDPS  Y1, Y2, Y1         // dst + that
	VMOVUPS Y1, (DI)
	ADDQ    $32, DX
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     rgacc
	JMP     rgdone

rgset:
	VMOVUPS (DX), Y0
	VCMPPS  $0x1e, Y15, Y0, Y1
	VANDPS  (SI), Y1, Y1
	VADDPS  Y1, Y15, Y1        // +0 + that
	VMOVUPS Y1, (DI)
	ADDQ    $32, DX
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     rgset

rgdone:
	VZEROUPPER
	RET

// func normalizeAVX(dst, src []float32, k *[4]float32, relu int)
TEXT ·normalizeAVX(SB), NOSPLIT, $0-64
	MOVQ         dst_base+0(FP), DI
	MOVQ         src_base+24(FP), SI
	MOVQ         src_len+32(FP), CX
	MOVQ         k+48(FP), AX
	MOVQ         relu+56(FP), BX
	VBROADCASTSS 0(AX), Y8  // mean
	VBROADCASTSS 4(AX), Y9  // scale
	VBROADCASTSS 8(AX), Y10 // gamma
	VBROADCASTSS 12(AX), Y11 // beta
	VXORPS       Y15, Y15, Y15
	SHRQ         $3, CX
	JZ           nmdone
	TESTQ        BX, BX
	JNZ          nmrelu

nmplain:
	VMOVUPS (SI), Y0
	VSUBPS  Y8, Y0, Y0   // x − mean
	VMULPS  Y9, Y0, Y0   // · scale
	VMULPS  Y0, Y10, Y0  // gamma · that
	VADDPS  Y11, Y0, Y0  // + beta
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     nmplain
	JMP     nmdone

nmrelu:
	VMOVUPS (SI), Y0
	VSUBPS  Y8, Y0, Y0
	VMULPS  Y9, Y0, Y0
	VMULPS  Y0, Y10, Y0
	VADDPS  Y11, Y0, Y0
	VCMPPS  $0x16, Y15, Y0, Y1 // y > 0 or NaN
	VANDPS  Y0, Y1, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     nmrelu

nmdone:
	VZEROUPPER
	RET

// func sumRowsAVX(dst, src []float32, rows int)
TEXT ·sumRowsAVX(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), BX
	MOVQ src_base+24(FP), SI
	MOVQ rows+48(FP), DX
	MOVQ BX, R8
	SHLQ $2, R8          // row stride in bytes
	MOVQ BX, CX
	SHRQ $5, CX          // blocks of 32 columns
	JZ   sr8

sr32:
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	MOVQ    SI, R9
	MOVQ    DX, R10

sr32rows:
	VADDPS (R9), Y0, Y0 // dst + row, row after row
	VADDPS 32(R9), Y1, Y1
	VADDPS 64(R9), Y2, Y2
	VADDPS 96(R9), Y3, Y3
	ADDQ   R8, R9
	DECQ   R10
	JNZ    sr32rows
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, DI
	ADDQ    $128, SI
	DECQ    CX
	JNZ     sr32

sr8:
	MOVQ BX, CX
	ANDQ $31, CX
	SHRQ $3, CX
	JZ   srdone

sr8cols:
	VMOVUPS (DI), Y0
	MOVQ    SI, R9
	MOVQ    DX, R10

sr8rows:
	VADDPS (R9), Y0, Y0
	ADDQ   R8, R9
	DECQ   R10
	JNZ    sr8rows
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     sr8cols

srdone:
	VZEROUPPER
	RET

// func sum8AVX(x []float32, acc *[8]float32)
TEXT ·sum8AVX(SB), NOSPLIT, $0-32
	MOVQ    x_base+0(FP), SI
	MOVQ    x_len+8(FP), CX
	MOVQ    acc+24(FP), AX
	VMOVUPS (AX), Y0
	SHRQ    $3, CX
	JZ      s8done

s8loop:
	VADDPS (SI), Y0, Y0
	ADDQ   $32, SI
	DECQ   CX
	JNZ    s8loop

s8done:
	VMOVUPS Y0, (AX)
	VZEROUPPER
	RET

// Offsets 2j of the windows in the lane order VSHUFPS leaves them in
// (windows 0, 1, 4, 5, 2, 3, 6, 7; VPERMPD $0xD8 restores 0…7).
DATA poolidx<>+0(SB)/4, $0
DATA poolidx<>+4(SB)/4, $2
DATA poolidx<>+8(SB)/4, $8
DATA poolidx<>+12(SB)/4, $10
DATA poolidx<>+16(SB)/4, $4
DATA poolidx<>+20(SB)/4, $6
DATA poolidx<>+24(SB)/4, $12
DATA poolidx<>+28(SB)/4, $14
GLOBL poolidx<>(SB), RODATA|NOPTR, $32

// Offsets 2j of four windows in order (the 128-bit tail).
DATA poolidx4<>+0(SB)/4, $0
DATA poolidx4<>+4(SB)/4, $2
DATA poolidx4<>+8(SB)/4, $4
DATA poolidx4<>+12(SB)/4, $6
GLOBL poolidx4<>(SB), RODATA|NOPTR, $16

// func maxPool2x2AVX2(o []float32, at *float32, r0, r1 []float32, b0, b1 int) int
//
// For len(o) a multiple of 4: eight outputs per step, then four. With at nil only
// the maxima are stored.
TEXT ·maxPool2x2AVX2(SB), NOSPLIT, $0-104
	MOVQ         o_base+0(FP), DI
	MOVQ         o_len+8(FP), CX
	MOVQ         at+24(FP), R11
	MOVQ         r0_base+32(FP), SI
	MOVQ         r1_base+56(FP), DX
	MOVQ         b0+80(FP), AX
	MOVQ         b1+88(FP), BX
	SUBQ         AX, BX
	VMOVQ        AX, X12
	VPBROADCASTD X12, Y12
	VPADDD       poolidx<>(SB), Y12, Y12 // offsets of the a values
	VMOVQ        BX, X13
	VPBROADCASTD X13, Y13                // b1 − b0
	MOVQ         $16, R8
	VMOVQ        R8, X14
	VPBROADCASTD X14, Y14                // 16 inputs per step
	MOVQ         $1, R8
	VMOVQ        R8, X11
	VPBROADCASTD X11, Y11                // 1
	MOVQ         $0x80000000, R8
	VMOVQ        R8, X9
	VPBROADCASTD X9, Y9                  // sign bit
	VXORPS       Y15, Y15, Y15           // 0
	VXORPS       Y10, Y10, Y10           // NaN seen
	MOVQ         CX, R13
	ANDQ         $4, R13                 // a last group of 4 outputs
	SHRQ         $3, CX
	JZ           mptail

mploop:
	VMOVUPS   (SI), Y0
	VMOVUPS   32(SI), Y1
	VSHUFPS   $0x88, Y1, Y0, Y2 // a: r0[2j]
	VSHUFPS   $0xDD, Y1, Y0, Y3 // b: r0[2j+1]
	VMOVUPS   (DX), Y0
	VMOVUPS   32(DX), Y1
	VSHUFPS   $0x88, Y1, Y0, Y4 // c: r1[2j]
	VSHUFPS   $0xDD, Y1, Y0, Y5 // d: r1[2j+1]
	VCMPPS    $3, Y3, Y2, Y6    // a or b NaN
	VCMPPS    $3, Y5, Y4, Y7    // c or d NaN
	VORPS     Y6, Y10, Y10
	VORPS     Y7, Y10, Y10
	VMAXPS    Y3, Y2, Y6
	VMAXPS    Y5, Y4, Y7
	VMAXPS    Y7, Y6, Y6        // best, up to the sign of a zero
	VANDPS    Y3, Y2, Y7
	VANDPS    Y4, Y7, Y7
	VANDPS    Y5, Y7, Y7
	VANDPS    Y9, Y7, Y7        // −0 if all four are negative, else +0
	VCMPPS    $0, Y15, Y6, Y8   // best == 0
	VBLENDVPS Y8, Y7, Y6, Y6    // Go's max of zeros
	TESTQ     R11, R11
	JZ        mpvalues          // no offsets wanted
	VPADDD    Y13, Y12, Y7      // offsets of c
	VPADDD    Y11, Y7, Y8       // of d: the default
	VCMPPS    $0, Y6, Y4, Y0
	VBLENDVPS Y0, Y7, Y8, Y8    // c if c == best
	VPADDD    Y11, Y12, Y7      // offsets of b
	VCMPPS    $0, Y6, Y3, Y0
	VBLENDVPS Y0, Y7, Y8, Y8    // b if b == best
	VCMPPS    $0, Y6, Y2, Y0
	VBLENDVPS Y0, Y12, Y8, Y8   // a if a == best
	VCVTDQ2PS Y8, Y8
	VPERMPD   $0xD8, Y6, Y6
	VPERMPD   $0xD8, Y8, Y8
	VMOVUPS   Y6, (DI)
	VMOVUPS   Y8, (R11)
	VPADDD    Y14, Y12, Y12
	ADDQ      $64, SI
	ADDQ      $64, DX
	ADDQ      $32, DI
	ADDQ      $32, R11
	DECQ      CX
	JNZ       mploop
	JMP       mptail

mpvalues:
	VPERMPD $0xD8, Y6, Y6
	VMOVUPS Y6, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     mploop

mptail:
	// Four more outputs in the low 128-bit lanes (VSHUFPS leaves them in order).
	// VEX.128 writes zero the upper lanes, so NaN flags are merged as ymm.
	TESTQ     R13, R13
	JZ        mpdone
	VMOVUPS   (SI), X0
	VMOVUPS   16(SI), X1
	VSHUFPS   $0x88, X1, X0, X2 // a
	VSHUFPS   $0xDD, X1, X0, X3 // b
	VMOVUPS   (DX), X0
	VMOVUPS   16(DX), X1
	VSHUFPS   $0x88, X1, X0, X4 // c
	VSHUFPS   $0xDD, X1, X0, X5 // d
	VCMPPS    $3, X3, X2, X6
	VCMPPS    $3, X5, X4, X7
	VORPS     Y6, Y10, Y10
	VORPS     Y7, Y10, Y10
	VMAXPS    X3, X2, X6
	VMAXPS    X5, X4, X7
	VMAXPS    X7, X6, X6
	VANDPS    X3, X2, X7
	VANDPS    X4, X7, X7
	VANDPS    X5, X7, X7
	VANDPS    X9, X7, X7
	VCMPPS    $0, X15, X6, X8
	VBLENDVPS X8, X7, X6, X6
	VMOVUPS   X6, (DI)
	TESTQ     R11, R11
	JZ        mpdone
	VPBROADCASTD X12, X12        // offset of this group's first a
	VPADDD    poolidx4<>(SB), X12, X12
	VPADDD    X13, X12, X7       // c
	VPADDD    X11, X7, X8        // d
	VCMPPS    $0, X6, X4, X0
	VBLENDVPS X0, X7, X8, X8
	VPADDD    X11, X12, X7       // b
	VCMPPS    $0, X6, X3, X0
	VBLENDVPS X0, X7, X8, X8
	VCMPPS    $0, X6, X2, X0
	VBLENDVPS X0, X12, X8, X8
	VCVTDQ2PS X8, X8
	VMOVUPS   X8, (R11)

mpdone:
	VMOVMSKPS Y10, AX
	MOVQ      AX, ret+96(FP)
	VZEROUPPER
	RET

// func addAVX(dst, src []float32)
TEXT ·addAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	MOVQ CX, BX
	SHRQ $5, BX
	JZ   add8

add32:
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VADDPS  (SI), Y0, Y0 // dst + src
	VADDPS  32(SI), Y1, Y1
	VADDPS  64(SI), Y2, Y2
	VADDPS  96(SI), Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	DECQ    BX
	JNZ     add32

add8:
	ANDQ $31, CX
	SHRQ $3, CX
	JZ   adddone

add8loop:
	VMOVUPS (DI), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     add8loop

adddone:
	VZEROUPPER
	RET

// func addAVX512(dst, src []float32)
//
// dst[i] += src[i] for every i < len(src), sixteen lanes at a time and the last
// len mod 16 under a mask (masked-off lanes are neither read nor written).
TEXT ·addAVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	MOVQ CX, BX
	SHRQ $4, BX
	JZ   a5tail

a5loop:
	VMOVUPS (DI), Z0
	VADDPS  (SI), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    BX
	JNZ     a5loop

a5tail:
	ANDQ      $15, CX
	JZ        a5done
	MOVQ      $1, AX
	SHLQ      CX, AX
	DECQ      AX
	KMOVW     AX, K1
	VMOVUPS.Z (DI), K1, Z0
	VMOVUPS.Z (SI), K1, Z1
	VADDPS    Z1, Z0, Z0
	VMOVUPS   Z0, K1, (DI)

a5done:
	VZEROUPPER
	RET

// func bnSumsAVX(dy, x []float32, k *[2]float32, acc *[16]float32)
//
// For len(dy) a multiple of 8: acc[l] += dy[i] and acc[8+l] += dy[i]·((x[i]−k[0])·k[1])
// for every i with i mod 8 = l, in order (BatchNorm's Σdy and Σdy·x̂ in eight
// interleaved partial sums).
TEXT ·bnSumsAVX(SB), NOSPLIT, $0-64
	MOVQ         dy_base+0(FP), SI
	MOVQ         dy_len+8(FP), CX
	MOVQ         x_base+24(FP), DX
	MOVQ         k+48(FP), AX
	MOVQ         acc+56(FP), BX
	VBROADCASTSS 0(AX), Y8
	VBROADCASTSS 4(AX), Y9
	VMOVUPS      (BX), Y2
	VMOVUPS      32(BX), Y3
	SHRQ         $3, CX
	JZ           bsdone

bsloop:
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VSUBPS  Y8, Y1, Y1 // x − mean
	VMULPS  Y9, Y1, Y1 // x̂
	VMULPS  Y1, Y0, Y1 // dy·x̂
	VADDPS  Y0, Y2, Y2
	VADDPS  Y1, Y3, Y3
	ADDQ    $32, SI
	ADDQ    $32, DX
	DECQ    CX
	JNZ     bsloop

bsdone:
	VMOVUPS Y2, (BX)
	VMOVUPS Y3, 32(BX)
	VZEROUPPER
	RET

// func bnApplyAVX(dst, dy, x []float32, k *[5]float32)
//
// For len(dy) a multiple of 8, with k = {mean, scale, mg, mgh, s}:
// dst[i] += s·((dy[i] − mg) − ((x[i]−mean)·scale)·mgh), each operation rounded.
TEXT ·bnApplyAVX(SB), NOSPLIT, $0-80
	MOVQ         dst_base+0(FP), DI
	MOVQ         dy_base+24(FP), SI
	MOVQ         dy_len+32(FP), CX
	MOVQ         x_base+48(FP), DX
	MOVQ         k+72(FP), AX
	VBROADCASTSS 0(AX), Y8  // mean
	VBROADCASTSS 4(AX), Y9  // scale
	VBROADCASTSS 8(AX), Y10 // mg
	VBROADCASTSS 12(AX), Y11 // mgh
	VBROADCASTSS 16(AX), Y12 // s
	SHRQ         $3, CX
	JZ           badone

baloop:
	VMOVUPS (DX), Y1
	VSUBPS  Y8, Y1, Y1   // x − mean
	VMULPS  Y9, Y1, Y1   // x̂
	VMULPS  Y11, Y1, Y1  // x̂·mgh
	VMOVUPS (SI), Y0
	VSUBPS  Y10, Y0, Y0  // dy − mg
	VSUBPS  Y1, Y0, Y0   // − x̂·mgh
	VMULPS  Y0, Y12, Y0  // s·that
	VMOVUPS (DI), Y2
	VADDPS  Y0, Y2, Y2   // dst + that
	VMOVUPS Y2, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     baloop

badone:
	VZEROUPPER
	RET

// func axpyAVX(dst, src []float32, a float32)
//
// dst[i] += a·src[i] for len(src) a multiple of 8 (product rounded, then the sum).
TEXT ·axpyAVX(SB), NOSPLIT, $0-52
	MOVQ         dst_base+0(FP), DI
	MOVQ         src_base+24(FP), SI
	MOVQ         src_len+32(FP), CX
	VBROADCASTSS a+48(FP), Y8
	SHRQ         $3, CX
	JZ           axdone

axloop:
	VMULPS  (SI), Y8, Y0
	VMOVUPS (DI), Y1
	VADDPS  Y0, Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     axloop

axdone:
	VZEROUPPER
	RET

// func addRowsAVX512(dst *float32, ldd int, src *float32, lds, rows, n int)
//
// dst[r·ldd + i] += src[r·lds + i] for r < rows, i < n: sixteen lanes at a time,
// each row's last n mod 16 under a mask.
TEXT ·addRowsAVX512(SB), NOSPLIT, $0-48
	MOVQ  dst+0(FP), DI
	MOVQ  ldd+8(FP), R8
	MOVQ  src+16(FP), SI
	MOVQ  lds+24(FP), R9
	MOVQ  rows+32(FP), DX
	MOVQ  n+40(FP), CX
	SHLQ  $2, R8
	SHLQ  $2, R9
	MOVQ  CX, R10
	SHRQ  $4, R10        // full vectors per row
	ANDQ  $15, CX
	MOVQ  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K1         // the tail's lanes
	TESTQ DX, DX
	JZ    ardone

arrow:
	MOVQ DI, R11
	MOVQ SI, R12
	MOVQ R10, BX
	TESTQ BX, BX
	JZ   artail

arvec:
	VMOVUPS (R11), Z0
	VADDPS  (R12), Z0, Z0
	VMOVUPS Z0, (R11)
	ADDQ    $64, R11
	ADDQ    $64, R12
	DECQ    BX
	JNZ     arvec

artail:
	TESTQ     CX, CX
	JZ        arnext
	VMOVUPS.Z (R11), K1, Z0
	VMOVUPS.Z (R12), K1, Z1
	VADDPS    Z1, Z0, Z0
	VMOVUPS   Z0, K1, (R11)

arnext:
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ DX
	JNZ  arrow

ardone:
	VZEROUPPER
	RET

// func sumF64AVX(x []float32, acc *[8]float64)
//
// For len(x) a multiple of 8: acc[i mod 8] += float64(x[i]), in order.
TEXT ·sumF64AVX(SB), NOSPLIT, $0-32
	MOVQ    x_base+0(FP), SI
	MOVQ    x_len+8(FP), CX
	MOVQ    acc+24(FP), AX
	VMOVUPD (AX), Y2
	VMOVUPD 32(AX), Y3
	SHRQ    $3, CX
	JZ      sfdone

sfloop:
	VCVTPS2PD (SI), Y0
	VCVTPS2PD 16(SI), Y1
	VADDPD    Y0, Y2, Y2
	VADDPD    Y1, Y3, Y3
	ADDQ      $32, SI
	DECQ      CX
	JNZ       sfloop

sfdone:
	VMOVUPD Y2, (AX)
	VMOVUPD Y3, 32(AX)
	VZEROUPPER
	RET

// func sqDevF64AVX(x []float32, m float64, acc *[8]float64)
//
// For len(x) a multiple of 8: acc[i mod 8] += d·d with d = float64(x[i]) − m, in order.
TEXT ·sqDevF64AVX(SB), NOSPLIT, $0-40
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	VBROADCASTSD m+24(FP), Y8
	MOVQ         acc+32(FP), AX
	VMOVUPD      (AX), Y2
	VMOVUPD      32(AX), Y3
	SHRQ         $3, CX
	JZ           sqdone

sqloop:
	VCVTPS2PD (SI), Y0
	VCVTPS2PD 16(SI), Y1
	VSUBPD    Y8, Y0, Y0
	VSUBPD    Y8, Y1, Y1
	VMULPD    Y0, Y0, Y0
	VMULPD    Y1, Y1, Y1
	VADDPD    Y0, Y2, Y2
	VADDPD    Y1, Y3, Y3
	ADDQ      $32, SI
	DECQ      CX
	JNZ       sqloop

sqdone:
	VMOVUPD Y2, (AX)
	VMOVUPD Y3, 32(AX)
	VZEROUPPER
	RET

// func fillAVX(dst []float32, v float32)
//
// dst[i] = v for len(dst) a multiple of 8.
TEXT ·fillAVX(SB), NOSPLIT, $0-28
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	VBROADCASTSS v+24(FP), Y0
	SHRQ         $3, CX
	JZ           fldone

flloop:
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	DECQ    CX
	JNZ     flloop

fldone:
	VZEROUPPER
	RET

// func sumToAVX(dst, a, b []float32)
//
// dst[i] = a[i] + b[i] for len(a) a multiple of 8.
TEXT ·sumToAVX(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), CX
	MOVQ b_base+48(FP), DX
	SHRQ $3, CX
	JZ   stdone

stloop:
	VMOVUPS (SI), Y0
	VADDPS  (DX), Y0, Y0 // a + b
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     stloop

stdone:
	VZEROUPPER
	RET

// func addConstAVX(dst, src []float32, c float32)
//
// dst[i] = src[i] + c for len(src) a multiple of 8.
TEXT ·addConstAVX(SB), NOSPLIT, $0-52
	MOVQ         dst_base+0(FP), DI
	MOVQ         src_base+24(FP), SI
	MOVQ         src_len+32(FP), CX
	VBROADCASTSS c+48(FP), Y8
	SHRQ         $3, CX
	JZ           acdone

acloop:
	VMOVUPS (SI), Y0
	VADDPS  Y8, Y0, Y0 // src + c
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     acloop

acdone:
	VZEROUPPER
	RET

// func copyRuns32AVX(dst *float32, ldd int, src *float32, offs *int, rows int)
//
// For i < rows: dst[i·ldd : i·ldd+32] = src[offs[i] : offs[i]+32]. While copying
// row i it prefetches row i+8 (both cache lines), while there is one.
TEXT ·copyRuns32AVX(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), DX
	MOVQ src+16(FP), SI
	MOVQ offs+24(FP), BX
	MOVQ rows+32(FP), CX
	SHLQ $2, DX
	MOVQ CX, R8
	SUBQ $8, R8          // rows with a row 8 ahead
	JLE  crtail
	SUBQ R8, CX

crpre:
	MOVQ       64(BX), R9
	LEAQ       (SI)(R9*4), R9
	PREFETCHT0 (R9)
	PREFETCHT0 64(R9)
	MOVQ       (BX), AX
	LEAQ       (SI)(AX*4), AX
	VMOVUPS    (AX), Y0
	VMOVUPS    32(AX), Y1
	VMOVUPS    64(AX), Y2
	VMOVUPS    96(AX), Y3
	VMOVUPS    Y0, (DI)
	VMOVUPS    Y1, 32(DI)
	VMOVUPS    Y2, 64(DI)
	VMOVUPS    Y3, 96(DI)
	ADDQ       $8, BX
	ADDQ       DX, DI
	DECQ       R8
	JNZ        crpre

crtail:
	MOVQ    (BX), AX
	LEAQ    (SI)(AX*4), AX
	VMOVUPS (AX), Y0
	VMOVUPS 32(AX), Y1
	VMOVUPS 64(AX), Y2
	VMOVUPS 96(AX), Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $8, BX
	ADDQ    DX, DI
	DECQ    CX
	JNZ     crtail
	VZEROUPPER
	RET

// Constants of exp32 (vec.go), one float32 each, broadcast where used.
DATA expc<>+0(SB)/4, $0x42b0bd71  // expHi 88.37
DATA expc<>+4(SB)/4, $0xc2aeac50  // expLo −87.33654475
DATA expc<>+8(SB)/4, $0x3fb8aa3b  // log₂e
DATA expc<>+12(SB)/4, $0x4b400000 // 1.5·2²³
DATA expc<>+16(SB)/4, $0x3f318000 // C1 0.693359375
DATA expc<>+20(SB)/4, $0xb95e8083 // C2 −2.12194440e−4
DATA expc<>+24(SB)/4, $0x39506967 // P0
DATA expc<>+28(SB)/4, $0x3ab743ce // P1
DATA expc<>+32(SB)/4, $0x3c088908 // P2
DATA expc<>+36(SB)/4, $0x3d2aa9c1 // P3
DATA expc<>+40(SB)/4, $0x3e2aaaaa // P4
DATA expc<>+44(SB)/4, $0x3f000000 // P5
DATA expc<>+48(SB)/4, $0x3f800000 // 1
DATA expc<>+52(SB)/4, $127        // the exponent bias (an int32)
DATA expc<>+56(SB)/4, $0x7f800000 // +Inf
GLOBL expc<>(SB), RODATA|NOPTR, $60

// func expSumAVX(dst, src []float32, m float32, acc *[8]float32)
//
// For len(src) a multiple of 8: dst[i] = exp32(src[i] − m), each value added into
// acc[i mod 8] in order. Lane for lane the operations of exp32, the clamping to
// [expLo, expHi] done with min and max that pass a NaN on, the out-of-range lanes
// then replaced by 0 or +Inf.
TEXT ·expSumAVX(SB), NOSPLIT, $0-64
	MOVQ         dst_base+0(FP), DI
	MOVQ         src_base+24(FP), SI
	MOVQ         src_len+32(FP), CX
	VBROADCASTSS m+48(FP), Y15
	MOVQ         acc+56(FP), AX
	LEAQ         expc<>(SB), DX
	VBROADCASTSS 0(DX), Y14  // hi
	VBROADCASTSS 4(DX), Y13  // lo
	VBROADCASTSS 8(DX), Y12  // log₂e
	VBROADCASTSS 12(DX), Y11 // magic
	VBROADCASTSS 16(DX), Y10 // C1
	VBROADCASTSS 20(DX), Y9  // C2
	VBROADCASTSS 48(DX), Y8  // 1
	VMOVUPS      (AX), Y7
	SHRQ         $3, CX
	JZ           esdone

esloop:
	VMOVUPS      (SI), Y0
	VSUBPS       Y15, Y0, Y0        // x = src − m
	VMINPS       Y0, Y14, Y1        // min(hi, x), x if NaN
	VMAXPS       Y1, Y13, Y1        // max(lo, ·), NaN passed on
	VMULPS       Y12, Y1, Y2        // x·log₂e
	VADDPS       Y11, Y2, Y2
	VSUBPS       Y11, Y2, Y2        // n = (x·log₂e + magic) − magic
	VMULPS       Y10, Y2, Y3
	VSUBPS       Y3, Y1, Y1         // r = x − n·C1
	VMULPS       Y9, Y2, Y3
	VSUBPS       Y3, Y1, Y1         // r −= n·C2
	VMULPS       Y1, Y1, Y4         // z = r²
	VBROADCASTSS 24(DX), Y3
	VMULPS       Y1, Y3, Y3         // P0·r
	VBROADCASTSS 28(DX), Y6
	VADDPS       Y6, Y3, Y3         // + P1
	VMULPS       Y1, Y3, Y3
	VBROADCASTSS 32(DX), Y6
	VADDPS       Y6, Y3, Y3         // ·r + P2
	VMULPS       Y1, Y3, Y3
	VBROADCASTSS 36(DX), Y6
	VADDPS       Y6, Y3, Y3         // ·r + P3
	VMULPS       Y1, Y3, Y3
	VBROADCASTSS 40(DX), Y6
	VADDPS       Y6, Y3, Y3         // ·r + P4
	VMULPS       Y1, Y3, Y3
	VBROADCASTSS 44(DX), Y6
	VADDPS       Y6, Y3, Y3         // ·r + P5
	VMULPS       Y4, Y3, Y3         // p·z
	VADDPS       Y1, Y3, Y3         // + r
	VADDPS       Y8, Y3, Y3         // + 1
	VCVTPS2DQ    Y2, Y5             // n as int32 (exact: n is an integer)
	VPBROADCASTD 52(DX), Y6
	VPADDD       Y6, Y5, Y5
	VPSLLD       $23, Y5, Y5        // 2ⁿ
	VMULPS       Y5, Y3, Y3
	VCMPPS       $0x11, Y13, Y0, Y6 // x < lo (ordered)
	VANDNPS      Y3, Y6, Y3         // 0 there
	VCMPPS       $0x1e, Y14, Y0, Y6 // x > hi (ordered)
	VBROADCASTSS 56(DX), Y5
	VBLENDVPS    Y6, Y5, Y3, Y3     // +Inf there
	VMOVUPS      Y3, (DI)
	VADDPS       Y3, Y7, Y7
	ADDQ         $32, SI
	ADDQ         $32, DI
	DECQ         CX
	JNZ          esloop

esdone:
	VMOVUPS Y7, (AX)
	VZEROUPPER
	RET

// func mulConstAVX(dst, src []float32, c float32)
TEXT ·mulConstAVX(SB), NOSPLIT, $0-52
	MOVQ         dst_base+0(FP), DI
	MOVQ         src_base+24(FP), SI
	MOVQ         src_len+32(FP), CX
	VBROADCASTSS c+48(FP), Y8
	SHRQ         $3, CX
	JZ           mcdone

mcloop:
	VMOVUPS (SI), Y0
	VMULPS  Y8, Y0, Y0 // src·c
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     mcloop

mcdone:
	VZEROUPPER
	RET
