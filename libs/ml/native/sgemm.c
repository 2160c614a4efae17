// loralab's native matmul: OpenBLAS's cblas_sgemm on float32 data that JavaScript holds
// (the wasm backend's heap, a SharedArrayBuffer in its threaded build), without a copy.
// OpenBLAS is opened at run time (dlopen), so building needs only a C compiler and Node's
// headers, no -dev package; a host without OpenBLAS loads this addon and reports it missing.
// Built by tools/scripts/native-build.mjs; loaded by libs/ml/src/backend/native-matmul.ts.
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <node_api.h>

// cblas.h's declarations, restated: CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112.
typedef void (*sgemm_fn)(int order, int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                         const float *b, int ldb, float beta, float *c, int ldc);
typedef void (*set_threads_fn)(int threads);
typedef int (*get_threads_fn)(void);

// Not the ILP64 build (libopenblas64_): its cblas_sgemm takes 64-bit integers.
static const char *const SONAMES[] = {"libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0"};

// Process-wide: dlopen is reference-counted and OpenBLAS's state is global, so every thread's
// instance of the addon shares one library, opened once (pthread_once) by the first to load.
static sgemm_fn sgemm_ptr;
static set_threads_fn set_threads_ptr;
static get_threads_fn get_threads_ptr;
static const char *loaded_soname;
static char load_problem[512];

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_openblas(void) {
  size_t used = 0;
  for (size_t i = 0; i < sizeof(SONAMES) / sizeof(SONAMES[0]); i++) {
    void *lib = dlopen(SONAMES[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      const char *why = dlerror();
      if (used < sizeof(load_problem))
        used += (size_t)snprintf(load_problem + used, sizeof(load_problem) - used, "%s%s", used ? "; " : "", why ? why : SONAMES[i]);
      continue;
    }
    sgemm_fn f = (sgemm_fn)dlsym(lib, "cblas_sgemm");
    if (!f) {
      if (used < sizeof(load_problem))
        used += (size_t)snprintf(load_problem + used, sizeof(load_problem) - used, "%s%s has no cblas_sgemm", used ? "; " : "", SONAMES[i]);
      dlclose(lib);
      continue;
    }
    set_threads_ptr = (set_threads_fn)dlsym(lib, "openblas_set_num_threads");
    get_threads_ptr = (get_threads_fn)dlsym(lib, "openblas_get_num_threads");
    loaded_soname = SONAMES[i];
    load_problem[0] = 0;
    sgemm_ptr = f;
    return;
  }
}

#define CALL(env, expr)                                                                                               \
  do {                                                                                                                \
    if ((expr) != napi_ok) return throw_last(env);                                                                    \
  } while (0)

static napi_value throw_last(napi_env env) {
  const napi_extended_error_info *info = NULL;
  napi_get_last_error_info(env, &info);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, "NATIVE_MATMUL_ARGUMENT", info && info->error_message ? info->error_message : "N-API call failed");
  return NULL;
}

static napi_value fail(napi_env env, const char *code, const char *message) {
  napi_throw_error(env, code, message);
  return NULL;
}

// sgemm(heap: Float32Array, transA, transB, m, n, k, aOffset, lda, bOffset, ldb, cOffset, ldc,
//       batch, strideA, strideB, strideC): for i < batch,
//   C_i = op(A_i) op(B_i), row-major, A_i at heap[aOffset + i strideA] (offsets and strides in floats).
// Every offset is checked against the array's length before OpenBLAS reads or writes.
static napi_value js_sgemm(napi_env env, napi_callback_info cb) {
  size_t argc = 16;
  napi_value argv[16];
  CALL(env, napi_get_cb_info(env, cb, &argc, argv, NULL, NULL));
  if (argc != 16) return fail(env, "NATIVE_MATMUL_ARGUMENT", "sgemm takes 16 arguments");
  if (!sgemm_ptr) return fail(env, "NATIVE_MATMUL_UNAVAILABLE", "OpenBLAS is not loaded");
  bool is_typed = false;
  CALL(env, napi_is_typedarray(env, argv[0], &is_typed));
  if (!is_typed) return fail(env, "NATIVE_MATMUL_ARGUMENT", "sgemm: heap must be a Float32Array");
  napi_typedarray_type type;
  size_t length = 0;
  void *data = NULL;
  CALL(env, napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL));
  if (type != napi_float32_array || data == NULL) return fail(env, "NATIVE_MATMUL_ARGUMENT", "sgemm: heap must be a Float32Array with memory");
  bool ta = false, tb = false;
  CALL(env, napi_get_value_bool(env, argv[1], &ta));
  CALL(env, napi_get_value_bool(env, argv[2], &tb));
  int64_t v[13];
  for (int i = 0; i < 13; i++) CALL(env, napi_get_value_int64(env, argv[3 + i], &v[i]));
  int64_t m = v[0], n = v[1], k = v[2], aOff = v[3], lda = v[4], bOff = v[5], ldb = v[6], cOff = v[7], ldc = v[8];
  int64_t batch = v[9], sA = v[10], sB = v[11], sC = v[12];
  if (m < 0 || n < 0 || k < 0 || batch < 0 || aOff < 0 || bOff < 0 || cOff < 0 || sA < 0 || sB < 0 || sC < 0 || m > INT32_MAX ||
      n > INT32_MAX || k > INT32_MAX)
    return fail(env, "NATIVE_MATMUL_ARGUMENT", "sgemm: negative or oversized dimension, offset or stride");
  // Rows x row length of each stored operand (row-major): A is m x k, or k x m transposed.
  int64_t aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
  if (lda < (aCols > 1 ? aCols : 1) || ldb < (bCols > 1 ? bCols : 1) || ldc < (n > 1 ? n : 1) || lda > INT32_MAX || ldb > INT32_MAX ||
      ldc > INT32_MAX)
    return fail(env, "NATIVE_MATMUL_ARGUMENT", "sgemm: leading dimension smaller than a row");
  if (batch == 0 || m == 0 || n == 0) return NULL;
  int64_t last = batch - 1, len = (int64_t)length;
  // Every offset, stride and batch beyond the heap is refused before the sums below, which
  // could otherwise overflow int64 (undefined behaviour) and wrap to a value that passes.
  if (aOff > len || bOff > len || cOff > len || sA > len || sB > len || sC > len || lda > len || ldb > len || ldc > len ||
      (last > 0 && ((sA && last > len / sA) || (sB && last > len / sB) || (sC && last > len / sC))))
    return fail(env, "NATIVE_MATMUL_ARGUMENT", "sgemm: an operand lies past the end of the heap");
  int64_t aEnd = aRows == 0 ? 0 : aOff + last * sA + (aRows - 1) * lda + aCols;
  int64_t bEnd = bRows == 0 ? 0 : bOff + last * sB + (bRows - 1) * ldb + bCols;
  int64_t cEnd = cOff + last * sC + (m - 1) * ldc + n;
  if (aEnd > len || bEnd > len || cEnd > len) return fail(env, "NATIVE_MATMUL_ARGUMENT", "sgemm: an operand lies past the end of the heap");
  float *heap = (float *)data;
  for (int64_t i = 0; i < batch; i++) {
    sgemm_ptr(101, ta ? 112 : 111, tb ? 112 : 111, (int)m, (int)n, (int)k, 1.0f, heap + aOff + i * sA, (int)lda, heap + bOff + i * sB,
              (int)ldb, 0.0f, heap + cOff + i * sC, (int)ldc);
  }
  return NULL;
}

static napi_value js_set_threads(napi_env env, napi_callback_info cb) {
  size_t argc = 1;
  napi_value argv[1];
  CALL(env, napi_get_cb_info(env, cb, &argc, argv, NULL, NULL));
  int32_t threads = 0;
  if (argc != 1 || napi_get_value_int32(env, argv[0], &threads) != napi_ok || threads < 1)
    return fail(env, "NATIVE_MATMUL_ARGUMENT", "setThreads takes a thread count >= 1");
  if (set_threads_ptr) set_threads_ptr(threads);
  return NULL;
}

static napi_value js_threads(napi_env env, napi_callback_info cb) {
  (void)cb;
  napi_value out;
  CALL(env, napi_create_int32(env, get_threads_ptr ? get_threads_ptr() : 0, &out));
  return out;
}

// { loaded: boolean, library: string | null, problem: string | null }
static napi_value js_status(napi_env env, napi_callback_info cb) {
  (void)cb;
  napi_value out, loaded, library, problem;
  CALL(env, napi_create_object(env, &out));
  CALL(env, napi_get_boolean(env, sgemm_ptr != NULL, &loaded));
  if (loaded_soname) CALL(env, napi_create_string_utf8(env, loaded_soname, NAPI_AUTO_LENGTH, &library));
  else CALL(env, napi_get_null(env, &library));
  if (!sgemm_ptr && load_problem[0]) CALL(env, napi_create_string_utf8(env, load_problem, NAPI_AUTO_LENGTH, &problem));
  else CALL(env, napi_get_null(env, &problem));
  CALL(env, napi_set_named_property(env, out, "loaded", loaded));
  CALL(env, napi_set_named_property(env, out, "library", library));
  CALL(env, napi_set_named_property(env, out, "problem", problem));
  return out;
}

// Context-aware: each worker thread that loads the addon gets its own exports object.
NAPI_MODULE_INIT() {
  pthread_once(&load_once, load_openblas);
  napi_property_descriptor props[] = {
      {"sgemm", NULL, js_sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, js_set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"threads", NULL, js_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"status", NULL, js_status, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) return NULL;
  return exports;
}
