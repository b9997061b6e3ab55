//go:build amd64 && !purego

#include "textflag.h"

// func packRowsAVX(dst, src *float32, offs *[8]int, ldd, blocks, count int, alpha float32, mask *int32, scale int)
//
// Transposes count ≤ 8 rows of src, row i starting at src[offs[i]], blocks·8 values
// of each, into dst: dst[q·ldd + i] = src[offs[i] + q] (times alpha when
// scale != 0) for q < 8·blocks, i < count. Eight columns at a time: the rows are
// loaded (missing rows read as zero), transposed in registers, and each column's
// count values stored under mask (count lanes of −1 then zeros).
TEXT ·packRowsAVX(SB), NOSPLIT, $0-72
	MOVQ         dst+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         offs+16(FP), R11
	MOVQ         ldd+24(FP), R9
	MOVQ         blocks+32(FP), CX
	MOVQ         count+40(FP), BX
	VBROADCASTSS alpha+48(FP), Y15
	MOVQ         mask+56(FP), AX
	VMOVDQU      (AX), Y14
	MOVQ         scale+64(FP), DX
	SHLQ         $2, R9        // bytes per column of dst
	TESTQ        CX, CX
	JZ           done

block:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ    0(R11), R10
	VMOVUPS (SI)(R10*4), Y0
	CMPQ    BX, $1
	JLE     loaded
	MOVQ    8(R11), R10
	VMOVUPS (SI)(R10*4), Y1
	CMPQ    BX, $2
	JLE     loaded
	MOVQ    16(R11), R10
	VMOVUPS (SI)(R10*4), Y2
	CMPQ    BX, $3
	JLE     loaded
	MOVQ    24(R11), R10
	VMOVUPS (SI)(R10*4), Y3
	CMPQ    BX, $4
	JLE     loaded
	MOVQ    32(R11), R10
	VMOVUPS (SI)(R10*4), Y4
	CMPQ    BX, $5
	JLE     loaded
	MOVQ    40(R11), R10
	VMOVUPS (SI)(R10*4), Y5
	CMPQ    BX, $6
	JLE     loaded
	MOVQ    48(R11), R10
	VMOVUPS (SI)(R10*4), Y6
	CMPQ    BX, $7
	JLE     loaded
	MOVQ    56(R11), R10
	VMOVUPS (SI)(R10*4), Y7

loaded:
	TESTQ  DX, DX
	JZ     transpose
	VMULPS Y0, Y15, Y0
	VMULPS Y1, Y15, Y1
	VMULPS Y2, Y15, Y2
	VMULPS Y3, Y15, Y3
	VMULPS Y4, Y15, Y4
	VMULPS Y5, Y15, Y5
	VMULPS Y6, Y15, Y6
	VMULPS Y7, Y15, Y7

transpose:
	// rows 0–3: interleave, then gather the columns' first halves
	VUNPCKLPS Y1, Y0, Y8  // r0₀ r1₀ r0₁ r1₁ | r0₄ r1₄ r0₅ r1₅
	VUNPCKHPS Y1, Y0, Y9  // r0₂ r1₂ r0₃ r1₃ | r0₆ r1₆ r0₇ r1₇
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VSHUFPS   $0x44, Y10, Y8, Y0 // steps 0 | 4 of rows 0–3
	VSHUFPS   $0xEE, Y10, Y8, Y1 // steps 1 | 5
	VSHUFPS   $0x44, Y11, Y9, Y2 // steps 2 | 6
	VSHUFPS   $0xEE, Y11, Y9, Y3 // steps 3 | 7
	// rows 4–7
	VUNPCKLPS Y5, Y4, Y8
	VUNPCKHPS Y5, Y4, Y9
	VUNPCKLPS Y7, Y6, Y10
	VUNPCKHPS Y7, Y6, Y11
	VSHUFPS   $0x44, Y10, Y8, Y4
	VSHUFPS   $0xEE, Y10, Y8, Y5
	VSHUFPS   $0x44, Y11, Y9, Y6
	VSHUFPS   $0xEE, Y11, Y9, Y7
	// step q = low halves (q < 4) or high halves (q ≥ 4) of rows 0–3 and 4–7
	MOVQ       DI, R10
	VPERM2F128 $0x20, Y4, Y0, Y8
	VMASKMOVPS Y8, Y14, (R10)
	ADDQ       R9, R10
	VPERM2F128 $0x20, Y5, Y1, Y8
	VMASKMOVPS Y8, Y14, (R10)
	ADDQ       R9, R10
	VPERM2F128 $0x20, Y6, Y2, Y8
	VMASKMOVPS Y8, Y14, (R10)
	ADDQ       R9, R10
	VPERM2F128 $0x20, Y7, Y3, Y8
	VMASKMOVPS Y8, Y14, (R10)
	ADDQ       R9, R10
	VPERM2F128 $0x31, Y4, Y0, Y8
	VMASKMOVPS Y8, Y14, (R10)
	ADDQ       R9, R10
	VPERM2F128 $0x31, Y5, Y1, Y8
	VMASKMOVPS Y8, Y14, (R10)
	ADDQ       R9, R10
	VPERM2F128 $0x31, Y6, Y2, Y8
	VMASKMOVPS Y8, Y14, (R10)
	ADDQ       R9, R10
	VPERM2F128 $0x31, Y7, Y3, Y8
	VMASKMOVPS Y8, Y14, (R10)
	ADDQ       R9, R10
	MOVQ       R10, DI
	ADDQ       $32, SI
	DECQ       CX
	JNZ        block

done:
	VZEROUPPER
	RET

// func packColsAVX(dst, src *float32, lda, ldd, steps, count int, alpha float32, mask *int32)
//
// Copies count ≤ 8 contiguous values per step, scaled by alpha, for steps steps:
// dst[q·ldd + i] = alpha·src[q·lda + i] (the transposed branch of packA, where a
// step's values lie side by side in A). Full groups of 8 use plain moves, partial
// ones masked moves.
TEXT ·packColsAVX(SB), NOSPLIT, $0-64
	MOVQ         dst+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         lda+16(FP), R8
	MOVQ         ldd+24(FP), R9
	MOVQ         steps+32(FP), CX
	MOVQ         count+40(FP), BX
	VBROADCASTSS alpha+48(FP), Y15
	MOVQ         mask+56(FP), AX
	VMOVDQU      (AX), Y14
	SHLQ         $2, R8
	SHLQ         $2, R9
	TESTQ        CX, CX
	JZ           cdone
	CMPQ         BX, $8
	JNE          cmasked

cfull:
	VMULPS  (SI), Y15, Y0
	VMOVUPS Y0, (DI)
	ADDQ    R8, SI
	ADDQ    R9, DI
	DECQ    CX
	JNZ     cfull
	JMP     cdone

cmasked:
	VMASKMOVPS (SI), Y14, Y0
	VMULPS     Y0, Y15, Y0
	VMASKMOVPS Y0, Y14, (DI)
	ADDQ       R8, SI
	ADDQ       R9, DI
	DECQ       CX
	JNZ        cmasked

cdone:
	VZEROUPPER
	RET
