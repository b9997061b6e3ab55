//go:build amd64 && !purego

#include "textflag.h"

// func packRowsPD(dst, src *float64, lda, ldd, blocks, count int, alpha float64, mask *int64)
//
// Transposes count ≤ 4 rows of src (row stride lda values), blocks·4 values of
// each, scaled by alpha, into dst: dst[q·ldd + i] = alpha·src[i·lda + q] for
// q < 4·blocks, i < count. Four columns at a time: the rows are loaded (missing
// rows read as zero), transposed in registers, and each column's count values
// stored under mask (count lanes of −1 then zeros).
TEXT ·packRowsPD(SB), NOSPLIT, $0-64
	MOVQ         dst+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         lda+16(FP), R8
	MOVQ         ldd+24(FP), R9
	MOVQ         blocks+32(FP), CX
	MOVQ         count+40(FP), BX
	VBROADCASTSD alpha+48(FP), Y15
	MOVQ         mask+56(FP), AX
	VMOVDQU      (AX), Y14
	SHLQ         $3, R8
	SHLQ         $3, R9
	TESTQ        CX, CX
	JZ           done

block:
	VXORPD  Y0, Y0, Y0
	VXORPD  Y1, Y1, Y1
	VXORPD  Y2, Y2, Y2
	VXORPD  Y3, Y3, Y3
	MOVQ    SI, R10
	VMULPD  (R10), Y15, Y0
	CMPQ    BX, $1
	JLE     loaded
	ADDQ    R8, R10
	VMULPD  (R10), Y15, Y1
	CMPQ    BX, $2
	JLE     loaded
	ADDQ    R8, R10
	VMULPD  (R10), Y15, Y2
	CMPQ    BX, $3
	JLE     loaded
	ADDQ    R8, R10
	VMULPD  (R10), Y15, Y3

loaded:
	VUNPCKLPD  Y1, Y0, Y4 // r0₀ r1₀ | r0₂ r1₂
	VUNPCKHPD  Y1, Y0, Y5 // r0₁ r1₁ | r0₃ r1₃
	VUNPCKLPD  Y3, Y2, Y6 // r2₀ r3₀ | r2₂ r3₂
	VUNPCKHPD  Y3, Y2, Y7 // r2₁ r3₁ | r2₃ r3₃
	MOVQ       DI, R10
	VPERM2F128 $0x20, Y6, Y4, Y8 // column 0
	VMASKMOVPD Y8, Y14, (R10)
	ADDQ       R9, R10
	VPERM2F128 $0x20, Y7, Y5, Y8 // column 1
	VMASKMOVPD Y8, Y14, (R10)
	ADDQ       R9, R10
	VPERM2F128 $0x31, Y6, Y4, Y8 // column 2
	VMASKMOVPD Y8, Y14, (R10)
	ADDQ       R9, R10
	VPERM2F128 $0x31, Y7, Y5, Y8 // column 3
	VMASKMOVPD Y8, Y14, (R10)
	ADDQ       R9, R10
	MOVQ       R10, DI
	ADDQ       $32, SI
	DECQ       CX
	JNZ        block

done:
	VZEROUPPER
	RET

// func packColsPD(dst, src *float64, lda, ldd, steps, count int, alpha float64, mask *int64)
//
// The float64 twin of nn/internal/kernels packColsAVX (four lanes instead of eight).
//
// Copies count ≤ 4 contiguous values per step, scaled by alpha, for steps steps:
// dst[q·ldd + i] = alpha·src[q·lda + i].
TEXT ·packColsPD(SB), NOSPLIT, $0-64
	MOVQ         dst+0(FP), DI
	MOVQ         src+8(FP), SI
	MOVQ         lda+16(FP), R8
	MOVQ         ldd+24(FP), R9
	MOVQ         steps+32(FP), CX
	MOVQ         count+40(FP), BX
	VBROADCASTSD alpha+48(FP), Y15
	MOVQ         mask+56(FP), AX
	VMOVDQU      (AX), Y14
	SHLQ         $3, R8
	SHLQ         $3, R9
	TESTQ        CX, CX
	JZ           cdone
	CMPQ         BX, $4
	JNE          cmasked

cfull:
	VMULPD  (SI), Y15, Y0
	VMOVUPD Y0, (DI)
	ADDQ    R8, SI
	ADDQ    R9, DI
	DECQ    CX
	JNZ     cfull
	JMP     cdone

cmasked:
	VMASKMOVPD (SI), Y14, Y0
	VMULPD     Y0, Y15, Y0
	VMASKMOVPD Y0, Y14, (DI)
	ADDQ       R8, SI
	ADDQ       R9, DI
	DECQ       CX
	JNZ        cmasked

cdone:
	VZEROUPPER
	RET
