/*
 * sweeplab_ops: the scratch engine's array kernels in C, with matrix products by CBLAS
 * (OpenBLAS on Linux, Accelerate on macOS). The TypeScript face of it is
 * src-main/engine/scratch/ops/native.ts; the reference it must agree with is
 * src-main/engine/scratch/ops/reference.ts.
 *
 * Node-API only (no V8 or Node internals), so one build loads in Node and in Electron.
 * Every function works in place on the caller's typed arrays and allocates nothing. Every
 * argument is checked before any memory is touched: a wrong type, a non-integer size, an
 * array shorter than its dimensions say or a label out of range throws a TypeError or
 * RangeError naming the function and the argument, never reads or writes out of bounds.
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__APPLE__)
#include <Accelerate/Accelerate.h>
#define BLAS_VENDOR "Accelerate"
#else
#include <cblas.h>
#define BLAS_VENDOR "CBLAS"
/* OpenBLAS's own controls; weak, so the addon also links against another CBLAS. */
extern void openblas_set_num_threads(int) __attribute__((weak));
extern int openblas_get_num_threads(void) __attribute__((weak));
extern char *openblas_get_config(void) __attribute__((weak));
#endif

/* ---- kernels, once per element type ---- */

/* The smooth activations' codes, as native.ts passes them, and their constants
   (reference.ts: LEAKY_SLOPE, GELU_C = √(2/π) as JavaScript rounds it, GELU_A). */
enum { ACT_LEAKY_RELU = 0, ACT_TANH = 1, ACT_SIGMOID = 2, ACT_GELU = 3, ACT_COUNT = 4 };
#define LEAKY_SLOPE 0.01
#define GELU_C 0.7978845608028654
#define GELU_A 0.044715

/* The element-wise kernels in AVX-512, AVX2 and baseline versions, chosen at load time
   (GCC function multi-versioning, needs glibc's ifunc): the addon is built once and may
   run on any x86-64. Elsewhere the compiler's default target. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define HOT __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define HOT
#endif

#define T float
#define FN(name) name##_f
#define SQRT sqrtf
#define EXP expf
#include "kernels.inc"
#undef T
#undef FN
#undef SQRT
#undef EXP

#define T double
#define FN(name) name##_d
#define SQRT sqrt
#define EXP exp
#include "kernels.inc"
#undef T
#undef FN
#undef SQRT
#undef EXP

/* ---- argument checking ---- */

#define MAX_ARGS 12
#define MAX_DIM 2147483647.0 /* BLAS takes int sizes */

typedef enum { DT_NONE, DT_F32, DT_F64 } DType;

typedef struct {
  napi_env env;
  const char *fn;
  napi_value argv[MAX_ARGS];
  bool failed;
  DType dtype;         /* of the first float array seen; the others must match */
  const char *dtype_of; /* its argument name, for the message */
} Call;

static void fail(Call *c, bool range, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Throws a TypeError (or RangeError) "ops.<fn>: <message>", once per call. */
static void fail(Call *c, bool range, const char *fmt, ...) {
  if (c->failed) return;
  char text[240], msg[320];
  va_list args;
  va_start(args, fmt);
  vsnprintf(text, sizeof text, fmt, args);
  va_end(args);
  snprintf(msg, sizeof msg, "ops.%s: %s", c->fn, text);
  if (range)
    napi_throw_range_error(c->env, "ERR_SWEEPLAB_OPS", msg);
  else
    napi_throw_type_error(c->env, "ERR_SWEEPLAB_OPS", msg);
  c->failed = true;
}

/* Reads exactly `expected` arguments; false (with a TypeError thrown) otherwise. */
static bool begin_checked(napi_env env, napi_callback_info info, const char *fn, size_t expected, Call *c) {
  c->env = env;
  c->fn = fn;
  c->failed = false;
  c->dtype = DT_NONE;
  c->dtype_of = NULL;
  size_t argc = MAX_ARGS;
  if (napi_get_cb_info(env, info, &argc, c->argv, NULL, NULL) != napi_ok) {
    napi_throw_error(env, "ERR_SWEEPLAB_OPS", "ops: cannot read the arguments");
    c->failed = true;
    return false;
  }
  if (argc != expected) {
    char msg[160];
    snprintf(msg, sizeof msg, "ops.%s: expects %zu arguments, got %zu", fn, expected, argc);
    napi_throw_type_error(env, "ERR_SWEEPLAB_OPS", msg);
    c->failed = true;
    return false;
  }
  return true;
}

static double number(Call *c, size_t i, const char *name) {
  if (c->failed) return 0;
  double x = 0;
  if (napi_get_value_double(c->env, c->argv[i], &x) != napi_ok) {
    fail(c, false, "%s must be a number", name);
    return 0;
  }
  return x;
}

/* A size: an integer in [0, 2^31). */
static size_t dim(Call *c, size_t i, const char *name) {
  double x = number(c, i, name);
  if (c->failed) return 0;
  if (!(x >= 0 && x <= MAX_DIM && x == floor(x))) {
    fail(c, true, "%s must be an integer from 0 to 2147483647, got %g", name, x);
    return 0;
  }
  return (size_t)x;
}

static double finite_number(Call *c, size_t i, const char *name) {
  double x = number(c, i, name);
  if (!c->failed && !isfinite(x)) fail(c, true, "%s must be finite, got %g", name, x);
  return x;
}

static bool flag(Call *c, size_t i, const char *name) {
  if (c->failed) return false;
  bool b = false;
  if (napi_get_value_bool(c->env, c->argv[i], &b) != napi_ok) fail(c, false, "%s must be a boolean", name);
  return b;
}

static void *typed(Call *c, size_t i, const char *name, napi_typedarray_type *type, size_t *length) {
  if (c->failed) return NULL;
  bool is = false;
  napi_is_typedarray(c->env, c->argv[i], &is);
  if (!is) {
    fail(c, false, "%s must be a typed array", name);
    return NULL;
  }
  void *data = NULL;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(c->env, c->argv[i], type, length, &data, &buffer, &offset) != napi_ok) {
    fail(c, false, "cannot read %s", name);
    return NULL;
  }
  return data;
}

static void need(Call *c, const char *name, size_t length, size_t wanted) {
  if (!c->failed && length < wanted) fail(c, true, "%s holds %zu values, fewer than the %zu its sizes need", name, length, wanted);
}

/* A Float32Array or Float64Array of at least `wanted` values, of the call's dtype. */
static void *floats(Call *c, size_t i, const char *name, size_t wanted) {
  napi_typedarray_type type;
  size_t length = 0;
  void *data = typed(c, i, name, &type, &length);
  if (c->failed) return NULL;
  DType dt = type == napi_float32_array ? DT_F32 : type == napi_float64_array ? DT_F64 : DT_NONE;
  if (dt == DT_NONE) {
    fail(c, false, "%s must be a Float32Array or Float64Array", name);
    return NULL;
  }
  if (c->dtype == DT_NONE) {
    c->dtype = dt;
    c->dtype_of = name;
  } else if (dt != c->dtype) {
    fail(c, false, "%s must have the same element type as %s", name, c->dtype_of);
    return NULL;
  }
  need(c, name, length, wanted);
  return data;
}

static int32_t *ints(Call *c, size_t i, const char *name, size_t wanted) {
  napi_typedarray_type type;
  size_t length = 0;
  void *data = typed(c, i, name, &type, &length);
  if (c->failed) return NULL;
  if (type != napi_int32_array) {
    fail(c, false, "%s must be an Int32Array", name);
    return NULL;
  }
  need(c, name, length, wanted);
  return (int32_t *)data;
}

/* Every label in [0, cols): a wrong one would read another row. */
static void labels_in_range(Call *c, const int32_t *labels, size_t rows, size_t cols) {
  if (c->failed) return;
  if (rows > 0 && cols == 0) {
    fail(c, true, "cols must be at least 1 when rows > 0");
    return;
  }
  for (size_t r = 0; r < rows; r++)
    if (labels[r] < 0 || (size_t)labels[r] >= cols) {
      fail(c, true, "label %d of row %zu is outside 0..%zu", labels[r], r, cols - 1);
      return;
    }
}

static bool overlap(const void *a, size_t abytes, const void *b, size_t bbytes) {
  const char *x = a, *y = b;
  return abytes > 0 && bbytes > 0 && x < y + bbytes && y < x + abytes;
}

static size_t elem(const Call *c) { return c->dtype == DT_F32 ? sizeof(float) : sizeof(double); }

static napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

/* ---- the exported functions ---- */

/* gemm(transA, transB, M, N, K, a, b, out): out (M×N) = op(A)·op(B), row-major. */
static napi_value Gemm(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "gemm", 8, &c)) return NULL;
  bool ta = flag(&c, 0, "transA"), tb = flag(&c, 1, "transB");
  size_t m = dim(&c, 2, "M"), n = dim(&c, 3, "N"), k = dim(&c, 4, "K");
  void *a = floats(&c, 5, "a", m * k);
  void *b = floats(&c, 6, "b", k * n);
  void *out = floats(&c, 7, "out", m * n);
  if (c.failed) return NULL;
  size_t e = elem(&c);
  if (overlap(out, m * n * e, a, m * k * e) || overlap(out, m * n * e, b, k * n * e)) {
    fail(&c, true, "out must not share memory with a or b");
    return NULL;
  }
  if (m == 0 || n == 0) return undefined(env);
  if (k == 0) {
    memset(out, 0, m * n * e);
    return undefined(env);
  }
  const int M = (int)m, N = (int)n, K = (int)k;
  const int lda = ta ? M : K, ldb = tb ? K : N;
  const enum CBLAS_TRANSPOSE opA = ta ? CblasTrans : CblasNoTrans, opB = tb ? CblasTrans : CblasNoTrans;
  if (c.dtype == DT_F32)
    cblas_sgemm(CblasRowMajor, opA, opB, M, N, K, 1.0f, a, lda, b, ldb, 0.0f, out, N);
  else
    cblas_dgemm(CblasRowMajor, opA, opB, M, N, K, 1.0, a, lda, b, ldb, 0.0, out, N);
  return undefined(env);
}

/* addRowVector(a, v, out, rows, cols) */
static napi_value AddRowVector(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "addRowVector", 5, &c)) return NULL;
  size_t rows = dim(&c, 3, "rows"), cols = dim(&c, 4, "cols");
  void *a = floats(&c, 0, "a", rows * cols), *v = floats(&c, 1, "v", cols), *out = floats(&c, 2, "out", rows * cols);
  if (c.failed) return NULL;
  if (c.dtype == DT_F32) add_row_vector_f(a, v, out, rows, cols);
  else add_row_vector_d(a, v, out, rows, cols);
  return undefined(env);
}

/* columnSums(a, out, rows, cols) */
static napi_value ColumnSums(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "columnSums", 4, &c)) return NULL;
  size_t rows = dim(&c, 2, "rows"), cols = dim(&c, 3, "cols");
  void *a = floats(&c, 0, "a", rows * cols), *out = floats(&c, 1, "out", cols);
  if (c.failed) return NULL;
  if (overlap(a, rows * cols * elem(&c), out, cols * elem(&c))) {
    fail(&c, true, "out must not share memory with a");
    return NULL;
  }
  if (c.dtype == DT_F32) column_sums_f(a, out, rows, cols);
  else column_sums_d(a, out, rows, cols);
  return undefined(env);
}

/* reluForward(z, out, n) */
static napi_value ReluForward(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "reluForward", 3, &c)) return NULL;
  size_t n = dim(&c, 2, "n");
  void *z = floats(&c, 0, "z", n), *out = floats(&c, 1, "out", n);
  if (c.failed) return NULL;
  if (c.dtype == DT_F32) relu_forward_f(z, out, n);
  else relu_forward_d(z, out, n);
  return undefined(env);
}

/* reluBackward(dY, z, out, n) */
static napi_value ReluBackward(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "reluBackward", 4, &c)) return NULL;
  size_t n = dim(&c, 3, "n");
  void *dy = floats(&c, 0, "dY", n), *z = floats(&c, 1, "z", n), *out = floats(&c, 2, "out", n);
  if (c.failed) return NULL;
  if (c.dtype == DT_F32) relu_backward_f(dy, z, out, n);
  else relu_backward_d(dy, z, out, n);
  return undefined(env);
}

/* activationForward(kind, z, out, n) */
static napi_value ActivationForward(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "activationForward", 4, &c)) return NULL;
  size_t kind = dim(&c, 0, "kind");
  if (!c.failed && kind >= ACT_COUNT) fail(&c, true, "kind must be from 0 to %d, got %zu", ACT_COUNT - 1, kind);
  size_t n = dim(&c, 3, "n");
  void *z = floats(&c, 1, "z", n), *out = floats(&c, 2, "out", n);
  if (c.failed) return NULL;
  if (c.dtype == DT_F32) activation_forward_f((int)kind, z, out, n);
  else activation_forward_d((int)kind, z, out, n);
  return undefined(env);
}

/* activationBackward(kind, dY, z, out, n) */
static napi_value ActivationBackward(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "activationBackward", 5, &c)) return NULL;
  size_t kind = dim(&c, 0, "kind");
  if (!c.failed && kind >= ACT_COUNT) fail(&c, true, "kind must be from 0 to %d, got %zu", ACT_COUNT - 1, kind);
  size_t n = dim(&c, 4, "n");
  void *dy = floats(&c, 1, "dY", n), *z = floats(&c, 2, "z", n), *out = floats(&c, 3, "out", n);
  if (c.failed) return NULL;
  if (c.dtype == DT_F32) activation_backward_f((int)kind, dy, z, out, n);
  else activation_backward_d((int)kind, dy, z, out, n);
  return undefined(env);
}

/* multiply(a, b, out, n) */
static napi_value Multiply(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "multiply", 4, &c)) return NULL;
  size_t n = dim(&c, 3, "n");
  void *a = floats(&c, 0, "a", n), *b = floats(&c, 1, "b", n), *out = floats(&c, 2, "out", n);
  if (c.failed) return NULL;
  if (c.dtype == DT_F32) multiply_f(a, b, out, n);
  else multiply_d(a, b, out, n);
  return undefined(env);
}

/* scale(x, s, out, n) */
static napi_value Scale(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "scale", 4, &c)) return NULL;
  double s = number(&c, 1, "s");
  size_t n = dim(&c, 3, "n");
  void *x = floats(&c, 0, "x", n), *out = floats(&c, 2, "out", n);
  if (c.failed) return NULL;
  if (c.dtype == DT_F32) scale_f(x, (float)s, out, n);
  else scale_d(x, s, out, n);
  return undefined(env);
}

/* axpy(alpha, x, y, n) */
static napi_value Axpy(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "axpy", 4, &c)) return NULL;
  double alpha = number(&c, 0, "alpha");
  size_t n = dim(&c, 3, "n");
  void *x = floats(&c, 1, "x", n), *y = floats(&c, 2, "y", n);
  if (c.failed) return NULL;
  if (overlap(x, n * elem(&c), y, n * elem(&c))) {
    fail(&c, true, "y must not share memory with x");
    return NULL;
  }
  if (c.dtype == DT_F32) axpy_f((float)alpha, x, y, n);
  else axpy_d(alpha, x, y, n);
  return undefined(env);
}

/* axpby(alpha, x, beta, y, n) */
static napi_value Axpby(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "axpby", 5, &c)) return NULL;
  double alpha = number(&c, 0, "alpha"), beta = number(&c, 2, "beta");
  size_t n = dim(&c, 4, "n");
  void *x = floats(&c, 1, "x", n), *y = floats(&c, 3, "y", n);
  if (c.failed) return NULL;
  if (overlap(x, n * elem(&c), y, n * elem(&c))) {
    fail(&c, true, "y must not share memory with x");
    return NULL;
  }
  if (c.dtype == DT_F32) axpby_f((float)alpha, x, (float)beta, y, n);
  else axpby_d(alpha, x, beta, y, n);
  return undefined(env);
}

/* adamUpdate(p, g, m, v, n, lr, beta1, beta2, eps, correction1, correction2, decay) */
static napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "adamUpdate", 12, &c)) return NULL;
  size_t n = dim(&c, 4, "n");
  double lr = finite_number(&c, 5, "lr"), beta1 = finite_number(&c, 6, "beta1"), beta2 = finite_number(&c, 7, "beta2"), eps = finite_number(&c, 8, "eps");
  double c1 = finite_number(&c, 9, "correction1"), c2 = finite_number(&c, 10, "correction2"), decay = finite_number(&c, 11, "decay");
  void *p = floats(&c, 0, "p", n), *g = floats(&c, 1, "g", n), *m = floats(&c, 2, "m", n), *v = floats(&c, 3, "v", n);
  if (c.failed) return NULL;
  size_t bytes = n * elem(&c);
  void *arrays[4] = {p, g, m, v};
  for (int i = 0; i < 4; i++)
    for (int j = i + 1; j < 4; j++)
      if (overlap(arrays[i], bytes, arrays[j], bytes)) {
        fail(&c, true, "p, g, m and v must be four separate arrays");
        return NULL;
      }
  if (!(c1 > 0 && c2 > 0)) {
    fail(&c, true, "the bias corrections must be positive, got %g and %g", c1, c2);
    return NULL;
  }
  /* The reference's own arithmetic: lr/c1 and √c2 once per call, in double. */
  double step_size = lr / c1, sqrt_c2 = sqrt(c2);
  if (c.dtype == DT_F32)
    adam_update_f(p, g, m, v, n, (float)decay, (float)beta1, (float)(1 - beta1), (float)beta2, (float)(1 - beta2), (float)eps,
                  (float)step_size, (float)sqrt_c2);
  else
    adam_update_d(p, g, m, v, n, decay, beta1, 1 - beta1, beta2, 1 - beta2, eps, step_size, sqrt_c2);
  return undefined(env);
}

/* softmaxRows(x, out, rows, cols) */
static napi_value SoftmaxRows(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "softmaxRows", 4, &c)) return NULL;
  size_t rows = dim(&c, 2, "rows"), cols = dim(&c, 3, "cols");
  void *x = floats(&c, 0, "x", rows * cols), *out = floats(&c, 1, "out", rows * cols);
  if (c.failed) return NULL;
  if (c.dtype == DT_F32) softmax_rows_f(x, out, rows, cols);
  else softmax_rows_d(x, out, rows, cols);
  return undefined(env);
}

/* softmaxBackwardRows(s, dY, out, rows, cols) */
static napi_value SoftmaxBackwardRows(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "softmaxBackwardRows", 5, &c)) return NULL;
  size_t rows = dim(&c, 3, "rows"), cols = dim(&c, 4, "cols");
  void *s = floats(&c, 0, "s", rows * cols), *dy = floats(&c, 1, "dY", rows * cols), *out = floats(&c, 2, "out", rows * cols);
  if (c.failed) return NULL;
  if (c.dtype == DT_F32) softmax_backward_rows_f(s, dy, out, rows, cols);
  else softmax_backward_rows_d(s, dy, out, rows, cols);
  return undefined(env);
}

/* crossEntropySum(yHat, labels, rows, cols, floor) → number */
static napi_value CrossEntropySum(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "crossEntropySum", 5, &c)) return NULL;
  size_t rows = dim(&c, 2, "rows"), cols = dim(&c, 3, "cols");
  double fl = finite_number(&c, 4, "floor");
  void *yhat = floats(&c, 0, "yHat", rows * cols);
  int32_t *labels = ints(&c, 1, "labels", rows);
  labels_in_range(&c, labels, rows, cols);
  if (c.failed) return NULL;
  double sum = c.dtype == DT_F32 ? cross_entropy_sum_f(yhat, labels, rows, cols, fl) : cross_entropy_sum_d(yhat, labels, rows, cols, fl);
  napi_value result;
  napi_create_double(env, sum, &result);
  return result;
}

/* crossEntropyBackward(yHat, labels, out, rows, cols, floor) */
static napi_value CrossEntropyBackward(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "crossEntropyBackward", 6, &c)) return NULL;
  size_t rows = dim(&c, 3, "rows"), cols = dim(&c, 4, "cols");
  double fl = finite_number(&c, 5, "floor");
  void *yhat = floats(&c, 0, "yHat", rows * cols);
  int32_t *labels = ints(&c, 1, "labels", rows);
  void *out = floats(&c, 2, "out", rows * cols);
  labels_in_range(&c, labels, rows, cols);
  if (c.failed) return NULL;
  if (rows * cols == 0) return undefined(env);
  if (c.dtype == DT_F32) cross_entropy_backward_f(yhat, labels, out, rows, cols, fl);
  else cross_entropy_backward_d(yhat, labels, out, rows, cols, fl);
  return undefined(env);
}

/* argmaxRows(x, out, rows, cols) */
static napi_value ArgmaxRows(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "argmaxRows", 4, &c)) return NULL;
  size_t rows = dim(&c, 2, "rows"), cols = dim(&c, 3, "cols");
  void *x = floats(&c, 0, "x", rows * cols);
  int32_t *out = ints(&c, 1, "out", rows);
  if (!c.failed && rows > 0 && cols == 0) fail(&c, true, "cols must be at least 1 when rows > 0");
  if (c.failed) return NULL;
  if (c.dtype == DT_F32) argmax_rows_f(x, out, rows, cols);
  else argmax_rows_d(x, out, rows, cols);
  return undefined(env);
}

/* gatherRows(src, index, start, count, cols, out): out row r = src row index[start + r]. */
static napi_value GatherRows(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "gatherRows", 6, &c)) return NULL;
  size_t start = dim(&c, 2, "start"), count = dim(&c, 3, "count"), cols = dim(&c, 4, "cols");
  napi_typedarray_type type;
  size_t src_length = 0;
  void *src = floats(&c, 0, "src", 0);
  if (!c.failed) typed(&c, 0, "src", &type, &src_length);
  int32_t *index = ints(&c, 1, "index", start + count);
  void *out = floats(&c, 5, "out", count * cols);
  if (c.failed) return NULL;
  const size_t src_rows = cols == 0 ? 0 : src_length / cols;
  const int32_t *rows = index + start;
  for (size_t r = 0; r < count; r++)
    if (rows[r] < 0 || (cols > 0 && (size_t)rows[r] >= src_rows)) {
      fail(&c, true, "index %d at position %zu is outside the source's %zu rows", rows[r], start + r, src_rows);
      return NULL;
    }
  if (cols == 0 || count == 0) return undefined(env);
  if (overlap(out, count * cols * elem(&c), src, src_length * elem(&c))) {
    fail(&c, true, "out must not share memory with src");
    return NULL;
  }
  if (c.dtype == DT_F32) gather_rows_f(src, rows, out, count, cols);
  else gather_rows_d(src, rows, out, count, cols);
  return undefined(env);
}

/* setThreads(n): BLAS threads for this process (OpenBLAS only; elsewhere a no-op). */
static napi_value SetThreads(napi_env env, napi_callback_info info) {
  Call c;
  if (!begin_checked(env, info, "setThreads", 1, &c)) return NULL;
  size_t n = dim(&c, 0, "n");
  if (!c.failed && (n < 1 || n > 256)) fail(&c, true, "n must be from 1 to 256, got %zu", n);
  if (c.failed) return NULL;
#if !defined(__APPLE__)
  if (openblas_set_num_threads) openblas_set_num_threads((int)n);
#endif
  return undefined(env);
}

static void set_string(napi_env env, napi_value obj, const char *key, const char *value) {
  napi_value v;
  napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, key, v);
}

/* info() → { blas, config, threads }: what computes, for the run's environment. */
static napi_value Info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value obj, threads;
  napi_create_object(env, &obj);
  int n = 0;
#if defined(__APPLE__)
  set_string(env, obj, "blas", BLAS_VENDOR);
  set_string(env, obj, "config", "Accelerate (vecLib)");
#else
  if (openblas_get_config) {
    set_string(env, obj, "blas", "OpenBLAS");
    set_string(env, obj, "config", openblas_get_config());
  } else {
    set_string(env, obj, "blas", BLAS_VENDOR);
    set_string(env, obj, "config", "");
  }
  if (openblas_get_num_threads) n = openblas_get_num_threads();
#endif
  napi_create_int32(env, n, &threads);
  napi_set_named_property(env, obj, "threads", threads);
  return obj;
}

#define EXPORT(name, fn) {name, NULL, fn, NULL, NULL, NULL, napi_enumerable, NULL}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      EXPORT("gemm", Gemm),
      EXPORT("addRowVector", AddRowVector),
      EXPORT("columnSums", ColumnSums),
      EXPORT("reluForward", ReluForward),
      EXPORT("reluBackward", ReluBackward),
      EXPORT("activationForward", ActivationForward),
      EXPORT("activationBackward", ActivationBackward),
      EXPORT("multiply", Multiply),
      EXPORT("scale", Scale),
      EXPORT("axpy", Axpy),
      EXPORT("axpby", Axpby),
      EXPORT("adamUpdate", AdamUpdate),
      EXPORT("softmaxRows", SoftmaxRows),
      EXPORT("softmaxBackwardRows", SoftmaxBackwardRows),
      EXPORT("crossEntropySum", CrossEntropySum),
      EXPORT("crossEntropyBackward", CrossEntropyBackward),
      EXPORT("argmaxRows", ArgmaxRows),
      EXPORT("gatherRows", GatherRows),
      EXPORT("setThreads", SetThreads),
      EXPORT("info", Info),
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
#if !defined(__APPLE__)
  /* Trials, not BLAS threads, are the unit of parallelism: one thread unless asked. */
  if (openblas_set_num_threads) openblas_set_num_threads(1);
#endif
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
