//go:build amd64 && !purego

#include "textflag.h"

// The Winograd F(2×2, 3×3) transforms of wino.go, eight lanes per ymm register
// (AVX). Every value is formed by the additions of the Go body in the same order,
// so the bits are the same. n is a multiple of 8; strides come in elements and
// are scaled to bytes first.

// The column pass of the input transform: the row (Y0, Y1, Y2, Y3) of Bᵀ d goes
// to the outputs (AX), (AX)+ldd, (AX)+2ldd, (AX)+3ldd as t0−t2, t1+t2, t2−t1, t1−t3.
#define WINO_IN_COLS \
	VSUBPS  Y2, Y0, Y4          \
	VADDPS  Y2, Y1, Y5          \
	VSUBPS  Y1, Y2, Y6          \
	VSUBPS  Y3, Y1, Y7          \
	VMOVUPS Y4, (AX)            \
	VMOVUPS Y5, (AX)(BX*1)      \
	VMOVUPS Y6, (AX)(BX*2)      \
	VMOVUPS Y7, (AX)(DX*1)      \
	LEAQ    (AX)(BX*4), AX

// func winoInputAVX(dst *float32, ldd int, src *float32, rs, cs, n int)
TEXT ·winoInputAVX(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), BX
	MOVQ src+16(FP), SI
	MOVQ rs+24(FP), R8
	MOVQ cs+32(FP), R9
	MOVQ n+40(FP), CX
	SHLQ $2, BX
	SHLQ $2, R8
	SHLQ $2, R9
	LEAQ (BX)(BX*2), DX  // 3·ldd
	LEAQ (R9)(R9*1), R13 // 2·cs
	LEAQ (R9)(R9*2), R14 // 3·cs
	SHRQ $3, CX

wiloop:
	LEAQ (SI)(R8*1), R10  // row 1 of the patch
	LEAQ (R10)(R8*1), R11 // row 2
	LEAQ (R11)(R8*1), R12 // row 3
	MOVQ DI, AX

	// Bᵀ d, row 0: d0 − d2
	VMOVUPS (SI), Y0
	VSUBPS  (R11), Y0, Y0
	VMOVUPS (SI)(R9*1), Y1
	VSUBPS  (R11)(R9*1), Y1, Y1
	VMOVUPS (SI)(R13*1), Y2
	VSUBPS  (R11)(R13*1), Y2, Y2
	VMOVUPS (SI)(R14*1), Y3
	VSUBPS  (R11)(R14*1), Y3, Y3
	WINO_IN_COLS

	// row 1: d1 + d2
	VMOVUPS (R10), Y0
	VADDPS  (R11), Y0, Y0
	VMOVUPS (R10)(R9*1), Y1
	VADDPS  (R11)(R9*1), Y1, Y1
	VMOVUPS (R10)(R13*1), Y2
	VADDPS  (R11)(R13*1), Y2, Y2
	VMOVUPS (R10)(R14*1), Y3
	VADDPS  (R11)(R14*1), Y3, Y3
	WINO_IN_COLS

	// row 2: d2 − d1
	VMOVUPS (R11), Y0
	VSUBPS  (R10), Y0, Y0
	VMOVUPS (R11)(R9*1), Y1
	VSUBPS  (R10)(R9*1), Y1, Y1
	VMOVUPS (R11)(R13*1), Y2
	VSUBPS  (R10)(R13*1), Y2, Y2
	VMOVUPS (R11)(R14*1), Y3
	VSUBPS  (R10)(R14*1), Y3, Y3
	WINO_IN_COLS

	// row 3: d1 − d3
	VMOVUPS (R10), Y0
	VSUBPS  (R12), Y0, Y0
	VMOVUPS (R10)(R9*1), Y1
	VSUBPS  (R12)(R9*1), Y1, Y1
	VMOVUPS (R10)(R13*1), Y2
	VSUBPS  (R12)(R13*1), Y2, Y2
	VMOVUPS (R10)(R14*1), Y3
	VSUBPS  (R12)(R14*1), Y3, Y3
	WINO_IN_COLS

	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  wiloop
	VZEROUPPER
	RET

// func winoOutputAVX(dst *float32, rs, cs int, src *float32, lds, n int, bias float32)
TEXT ·winoOutputAVX(SB), NOSPLIT, $0-52
	MOVQ         dst+0(FP), DI
	MOVQ         rs+8(FP), R8
	MOVQ         cs+16(FP), R9
	MOVQ         src+24(FP), SI
	MOVQ         lds+32(FP), BX
	MOVQ         n+40(FP), CX
	VBROADCASTSS bias+48(FP), Y15
	SHLQ         $2, BX
	SHLQ         $2, R8
	SHLQ         $2, R9
	LEAQ         (BX)(BX*2), DX // 3·lds
	LEAQ         (R8)(R9*1), R13 // rs + cs
	SHRQ         $3, CX

woloop:
	LEAQ (SI)(BX*4), R10  // M[4]: row 1 of M
	LEAQ (R10)(BX*4), R11 // row 2
	LEAQ (R11)(BX*4), R12 // row 3

	// Aᵀ M: t0j = (m0j + m1j) + m2j in Y0–Y3, t1j = (m1j − m2j) − m3j in Y4–Y7
	VMOVUPS (SI), Y0
	VADDPS  (R10), Y0, Y0
	VADDPS  (R11), Y0, Y0
	VMOVUPS (R10), Y4
	VSUBPS  (R11), Y4, Y4
	VSUBPS  (R12), Y4, Y4
	VMOVUPS (SI)(BX*1), Y1
	VADDPS  (R10)(BX*1), Y1, Y1
	VADDPS  (R11)(BX*1), Y1, Y1
	VMOVUPS (R10)(BX*1), Y5
	VSUBPS  (R11)(BX*1), Y5, Y5
	VSUBPS  (R12)(BX*1), Y5, Y5
	VMOVUPS (SI)(BX*2), Y2
	VADDPS  (R10)(BX*2), Y2, Y2
	VADDPS  (R11)(BX*2), Y2, Y2
	VMOVUPS (R10)(BX*2), Y6
	VSUBPS  (R11)(BX*2), Y6, Y6
	VSUBPS  (R12)(BX*2), Y6, Y6
	VMOVUPS (SI)(DX*1), Y3
	VADDPS  (R10)(DX*1), Y3, Y3
	VADDPS  (R11)(DX*1), Y3, Y3
	VMOVUPS (R10)(DX*1), Y7
	VSUBPS  (R11)(DX*1), Y7, Y7
	VSUBPS  (R12)(DX*1), Y7, Y7

	// (Aᵀ M) A + bias
	VADDPS  Y1, Y0, Y8
	VADDPS  Y2, Y8, Y8
	VADDPS  Y15, Y8, Y8
	VSUBPS  Y2, Y1, Y9
	VSUBPS  Y3, Y9, Y9
	VADDPS  Y15, Y9, Y9
	VADDPS  Y5, Y4, Y10
	VADDPS  Y6, Y10, Y10
	VADDPS  Y15, Y10, Y10
	VSUBPS  Y6, Y5, Y11
	VSUBPS  Y7, Y11, Y11
	VADDPS  Y15, Y11, Y11
	VMOVUPS Y8, (DI)
	VMOVUPS Y9, (DI)(R9*1)
	VMOVUPS Y10, (DI)(R8*1)
	VMOVUPS Y11, (DI)(R13*1)

	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  woloop
	VZEROUPPER
	RET

// The column pass of the output adjoint: the row (e0, e1) = (Y0, Y1) of A dY goes
// to (AX), +ldd, +2ldd, +3ldd as e0, e0+e1, e0−e1, −e1 (Y14 holds the sign bit).
#define WINO_OUTADJ_COLS \
	VADDPS  Y1, Y0, Y4      \
	VSUBPS  Y1, Y0, Y5      \
	VXORPS  Y14, Y1, Y6     \
	VMOVUPS Y0, (AX)        \
	VMOVUPS Y4, (AX)(BX*1)  \
	VMOVUPS Y5, (AX)(BX*2)  \
	VMOVUPS Y6, (AX)(DX*1)  \
	LEAQ    (AX)(BX*4), AX

// func winoOutputAdjointAVX(dst *float32, ldd int, src *float32, rs, cs, n int)
TEXT ·winoOutputAdjointAVX(SB), NOSPLIT, $0-48
	MOVQ      dst+0(FP), DI
	MOVQ      ldd+8(FP), BX
	MOVQ      src+16(FP), SI
	MOVQ      rs+24(FP), R8
	MOVQ      cs+32(FP), R9
	MOVQ      n+40(FP), CX
	SHLQ      $2, BX
	SHLQ      $2, R8
	SHLQ      $2, R9
	LEAQ      (BX)(BX*2), DX  // 3·ldd
	LEAQ      (R8)(R9*1), R13 // rs + cs
	VPCMPEQD  Y14, Y14, Y14
	VPSLLD    $31, Y14, Y14   // the sign bit
	SHRQ      $3, CX

woaloop:
	VMOVUPS (SI), Y8        // y00
	VMOVUPS (SI)(R9*1), Y9  // y01
	VMOVUPS (SI)(R8*1), Y10 // y10
	VMOVUPS (SI)(R13*1), Y11 // y11
	MOVQ    DI, AX

	VMOVAPS Y8, Y0
	VMOVAPS Y9, Y1
	WINO_OUTADJ_COLS
	VADDPS  Y10, Y8, Y0
	VADDPS  Y11, Y9, Y1
	WINO_OUTADJ_COLS
	VSUBPS  Y10, Y8, Y0
	VSUBPS  Y11, Y9, Y1
	WINO_OUTADJ_COLS
	VXORPS  Y14, Y10, Y0
	VXORPS  Y14, Y11, Y1
	WINO_OUTADJ_COLS

	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  woaloop
	VZEROUPPER
	RET

// The row pass of the input adjoint for column j of dV Bᵀ: from the rows of dV
// at R10, R11, R12, AX (each element j' at +j'·lds), form t_ij in Y0–Y3 with the
// macro given, then add B's combination into the column at DI (rows +rs, +2rs, +3rs):
// d0 += t0, d1 += (t1 − t2) + t3, d2 += (t1 + t2) − t0, d3 −= t3.
#define WINO_INADJ_ADD \
	VADDPS  (DI), Y0, Y4         \
	VMOVUPS Y4, (DI)             \
	VSUBPS  Y2, Y1, Y5           \
	VADDPS  Y3, Y5, Y5           \
	VADDPS  (DI)(R8*1), Y5, Y5   \
	VMOVUPS Y5, (DI)(R8*1)       \
	VADDPS  Y2, Y1, Y6           \
	VSUBPS  Y0, Y6, Y6           \
	VADDPS  (DI)(R13*1), Y6, Y6  \
	VMOVUPS Y6, (DI)(R13*1)      \
	VMOVUPS (DI)(R14*1), Y7      \
	VSUBPS  Y3, Y7, Y7           \
	VMOVUPS Y7, (DI)(R14*1)      \
	ADDQ    R9, DI

// t_i1 = (e_i1 − e_i2) + e_i3 for the row at P into register R.
#define WINO_T1(P, R) \
	VMOVUPS (P)(BX*1), R  \
	VSUBPS  (P)(BX*2), R, R \
	VADDPS  (P)(DX*1), R, R

// t_i2 = (e_i1 + e_i2) − e_i0.
#define WINO_T2(P, R) \
	VMOVUPS (P)(BX*1), R  \
	VADDPS  (P)(BX*2), R, R \
	VSUBPS  (P), R, R

// func winoInputAdjointAVX(dst *float32, rs, cs int, src *float32, lds, n int)
TEXT ·winoInputAdjointAVX(SB), NOSPLIT, $0-48
	MOVQ     dst+0(FP), DI
	MOVQ     rs+8(FP), R8
	MOVQ     cs+16(FP), R9
	MOVQ     src+24(FP), SI
	MOVQ     lds+32(FP), BX
	MOVQ     n+40(FP), CX
	SHLQ     $2, BX
	SHLQ     $2, R8
	SHLQ     $2, R9
	LEAQ     (BX)(BX*2), DX  // 3·lds
	LEAQ     (R8)(R8*1), R13 // 2·rs
	LEAQ     (R8)(R8*2), R14 // 3·rs
	VPCMPEQD Y14, Y14, Y14
	VPSLLD   $31, Y14, Y14   // the sign bit
	SHRQ     $3, CX

wialoop:
	MOVQ SI, R10          // dV row 0 (ξ 0–3)
	LEAQ (SI)(BX*4), R11  // row 1
	LEAQ (R11)(BX*4), R12 // row 2
	LEAQ (R12)(BX*4), AX  // row 3
	MOVQ DI, R15

	// column 0: t_i0 = e_i0
	VMOVUPS (R10), Y0
	VMOVUPS (R11), Y1
	VMOVUPS (R12), Y2
	VMOVUPS (AX), Y3
	WINO_INADJ_ADD

	// column 1
	WINO_T1(R10, Y0)
	WINO_T1(R11, Y1)
	WINO_T1(R12, Y2)
	WINO_T1(AX, Y3)
	WINO_INADJ_ADD

	// column 2
	WINO_T2(R10, Y0)
	WINO_T2(R11, Y1)
	WINO_T2(R12, Y2)
	WINO_T2(AX, Y3)
	WINO_INADJ_ADD

	// column 3: t_i3 = −e_i3
	VXORPS (R10)(DX*1), Y14, Y0
	VXORPS (R11)(DX*1), Y14, Y1
	VXORPS (R12)(DX*1), Y14, Y2
	VXORPS (AX)(DX*1), Y14, Y3
	WINO_INADJ_ADD

	LEAQ 32(R15), DI
	ADDQ $32, SI
	DECQ CX
	JNZ  wialoop
	VZEROUPPER
	RET

// The column pass of the weight transform: the row (r0, r1, r2) = (Y0, Y1, Y2)
// of G g goes to (AX), +ldd, +2ldd, +3ldd as r0, ½((r0 + r1) + r2),
// ½((r0 − r1) + r2), r2 (Y15 holds ½).
#define WINO_W_COLS \
	VADDPS  Y1, Y0, Y4      \
	VADDPS  Y2, Y4, Y4      \
	VMULPS  Y15, Y4, Y4     \
	VSUBPS  Y1, Y0, Y5      \
	VADDPS  Y2, Y5, Y5      \
	VMULPS  Y15, Y5, Y5     \
	VMOVUPS Y0, (AX)        \
	VMOVUPS Y4, (AX)(BX*1)  \
	VMOVUPS Y5, (AX)(BX*2)  \
	VMOVUPS Y2, (AX)(DX*1)  \
	LEAQ    (AX)(BX*4), AX

// func winoWeightsAVX(dst *float32, ldd int, src *float32, lds, n int)
TEXT ·winoWeightsAVX(SB), NOSPLIT, $0-40
	MOVQ         dst+0(FP), DI
	MOVQ         ldd+8(FP), BX
	MOVQ         src+16(FP), SI
	MOVQ         lds+24(FP), R8
	MOVQ         n+32(FP), CX
	SHLQ         $2, BX
	SHLQ         $2, R8
	LEAQ         (BX)(BX*2), DX // 3·ldd
	LEAQ         (R8)(R8*1), R9 // 2·lds
	MOVL         $0x3f000000, R10
	MOVL         R10, X15
	VBROADCASTSS X15, Y15       // ½
	SHRQ         $3, CX

wwloop:
	LEAQ (R8)(R8*2), R13
	LEAQ (SI)(R13*1), R11 // g row 1 (g10 at +0, g11 at +lds, g12 at +2lds)
	LEAQ (R11)(R13*1), R12 // g row 2
	MOVQ DI, AX

	// G g, row 0: g0b
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VMOVUPS (SI)(R9*1), Y2
	WINO_W_COLS

	// row 1: ½((g0b + g1b) + g2b)
	VMOVUPS (SI), Y0
	VADDPS  (R11), Y0, Y0
	VADDPS  (R12), Y0, Y0
	VMULPS  Y15, Y0, Y0
	VMOVUPS (SI)(R8*1), Y1
	VADDPS  (R11)(R8*1), Y1, Y1
	VADDPS  (R12)(R8*1), Y1, Y1
	VMULPS  Y15, Y1, Y1
	VMOVUPS (SI)(R9*1), Y2
	VADDPS  (R11)(R9*1), Y2, Y2
	VADDPS  (R12)(R9*1), Y2, Y2
	VMULPS  Y15, Y2, Y2
	WINO_W_COLS

	// row 2: ½((g0b − g1b) + g2b)
	VMOVUPS (SI), Y0
	VSUBPS  (R11), Y0, Y0
	VADDPS  (R12), Y0, Y0
	VMULPS  Y15, Y0, Y0
	VMOVUPS (SI)(R8*1), Y1
	VSUBPS  (R11)(R8*1), Y1, Y1
	VADDPS  (R12)(R8*1), Y1, Y1
	VMULPS  Y15, Y1, Y1
	VMOVUPS (SI)(R9*1), Y2
	VSUBPS  (R11)(R9*1), Y2, Y2
	VADDPS  (R12)(R9*1), Y2, Y2
	VMULPS  Y15, Y2, Y2
	WINO_W_COLS

	// row 3: g2b
	VMOVUPS (R12), Y0
	VMOVUPS (R12)(R8*1), Y1
	VMOVUPS (R12)(R9*1), Y2
	WINO_W_COLS

	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  wwloop
	VZEROUPPER
	RET

// t_i for column b of dU G, row at P (elements +0, +lds, +2lds, +3lds) into R:
// column 0: d0 + ½(d1 + d2); column 1: ½(d1 − d2); column 2: ½(d1 + d2) + d3.
#define WINO_WA_T0(P, R) \
	VMOVUPS (P)(BX*1), R    \
	VADDPS  (P)(BX*2), R, R \
	VMULPS  Y15, R, R       \
	VADDPS  (P), R, R

#define WINO_WA_T1(P, R) \
	VMOVUPS (P)(BX*1), R    \
	VSUBPS  (P)(BX*2), R, R \
	VMULPS  Y15, R, R

#define WINO_WA_T2(P, R) \
	VMOVUPS (P)(BX*1), R    \
	VADDPS  (P)(BX*2), R, R \
	VMULPS  Y15, R, R       \
	VADDPS  (P)(DX*1), R, R

// Gᵀ of the column (t0, t1, t2, t3) = Y0–Y3 added into dg rows at DI, +3ldd,
// +6ldd: t0 + ½(t1 + t2), ½(t1 − t2), ½(t1 + t2) + t3; then DI moves one column.
#define WINO_WA_ADD \
	VADDPS  Y2, Y1, Y4          \
	VMULPS  Y15, Y4, Y4         \
	VADDPS  Y4, Y0, Y5          \
	VADDPS  (DI), Y5, Y5        \
	VMOVUPS Y5, (DI)            \
	VSUBPS  Y2, Y1, Y6          \
	VMULPS  Y15, Y6, Y6         \
	VADDPS  (DI)(R13*1), Y6, Y6 \
	VMOVUPS Y6, (DI)(R13*1)     \
	VADDPS  Y3, Y4, Y7          \
	VADDPS  (DI)(R14*1), Y7, Y7 \
	VMOVUPS Y7, (DI)(R14*1)     \
	ADDQ    R8, DI

// func winoWeightsAdjointAVX(dst *float32, ldd int, src *float32, lds, n int)
TEXT ·winoWeightsAdjointAVX(SB), NOSPLIT, $0-40
	MOVQ         dst+0(FP), DI
	MOVQ         ldd+8(FP), R8
	MOVQ         src+16(FP), SI
	MOVQ         lds+24(FP), BX
	MOVQ         n+32(FP), CX
	SHLQ         $2, BX
	SHLQ         $2, R8
	LEAQ         (BX)(BX*2), DX  // 3·lds
	LEAQ         (R8)(R8*2), R13 // 3·ldd
	LEAQ         (R13)(R13*1), R14 // 6·ldd
	MOVL         $0x3f000000, R10
	MOVL         R10, X15
	VBROADCASTSS X15, Y15        // ½
	SHRQ         $3, CX

wwaloop:
	MOVQ SI, R10          // dU row 0 (ξ 0–3)
	LEAQ (SI)(BX*4), R11  // row 1
	LEAQ (R11)(BX*4), R12 // row 2
	LEAQ (R12)(BX*4), AX  // row 3
	MOVQ DI, R15

	WINO_WA_T0(R10, Y0)
	WINO_WA_T0(R11, Y1)
	WINO_WA_T0(R12, Y2)
	WINO_WA_T0(AX, Y3)
	WINO_WA_ADD
	WINO_WA_T1(R10, Y0)
	WINO_WA_T1(R11, Y1)
	WINO_WA_T1(R12, Y2)
	WINO_WA_T1(AX, Y3)
	WINO_WA_ADD
	WINO_WA_T2(R10, Y0)
	WINO_WA_T2(R11, Y1)
	WINO_WA_T2(R12, Y2)
	WINO_WA_T2(AX, Y3)
	WINO_WA_ADD

	LEAQ 32(R15), DI
	ADDQ $32, SI
	DECQ CX
	JNZ  wwaloop
	VZEROUPPER
	RET
