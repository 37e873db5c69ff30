# The tolerance model of checks/src/linalg_eig.rs applied to LAPACK's geev
# (through numpy: sgeev/dgeev/cgeev/zgeev by the input's dtype), on 20000
# random small-integer matrices (n <= 6, real or complex, dense,
# triangular or sparse, so repeated and defective eigenvalues come up): the
# largest fraction of each bound that an implementation nobody here wrote
# uses. A validation aid, not a test the build runs:
#   pip install numpy && python3 checks/validation/eig_bounds_vs_lapack.py SEED
import numpy as np, sys
rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
EPS = {np.float32: np.finfo(np.float32).eps, np.float64: np.finfo(np.float64).eps}
E64 = np.finfo(np.float64).eps
worst = {}
def note(name, err, bound, info):
    f = err / bound if bound > 0 else (0 if err == 0 else np.inf)
    if f > worst.get(name, (0,))[0]:
        worst[name] = (f, info)
def draw(n, cplx):
    kind = rng.integers(0, 4)
    pool = rng.integers(-10, 11, size=rng.integers(1, 5))
    m = rng.choice(pool, size=(n, n)).astype(float)
    if kind == 1: m = np.triu(m)  # triangular: repeated/defective often
    if kind == 2: m[rng.random((n, n)) < 0.6] = 0
    if cplx:
        im = rng.choice(pool, size=(n, n)).astype(float)
        if kind == 1: im = np.triu(im)
        m = m + 1j * im
    return m
for trial in range(20000):
    n = int(rng.integers(1, 7))
    cplx = bool(rng.integers(0, 2))
    single = bool(rng.integers(0, 2))
    a = draw(n, cplx)
    dt = (np.complex64 if single else np.complex128) if cplx else (np.float32 if single else np.float64)
    x = a.astype(dt)
    w, v = np.linalg.eig(x)
    w = w.astype(np.complex128); v = v.astype(np.complex128)
    e = EPS[np.float32 if single else np.float64]
    A = x.astype(np.complex128)
    norm = np.linalg.norm(A)
    delta = 4 * (n + 1) ** 2 * e * norm
    eta = 2 * e * (norm + delta)
    info = (dt.__name__, A.tolist(), w.tolist())
    for lam in w:
        M = A - lam * np.eye(n)
        s = np.linalg.svd(M, compute_uv=False)[-1]
        own = 4 * (2 * n + 1) ** 2 * E64 * (norm + abs(lam)) * np.sqrt(n)
        note("sigma_min", s, delta + eta + own, info)
    reach = norm + delta + eta
    P = np.eye(n, dtype=complex)
    for k in range(1, n + 1):
        P = P @ A
        tr = np.trace(P)
        ps = np.sum(w ** k)
        bound = n * (reach ** k - norm ** k) + 2 * k * n * n * E64 * reach ** k
        if not cplx: note("conjugate", abs(ps.imag), bound, info)
        note("power_sum", abs(ps - tr), bound, info)
    unit = 4 * (n + 1) ** 2 * e
    for k in range(n):
        col = v[:, k]
        L = np.linalg.norm(col)
        note("unit", abs(L - 1), unit, info)
        r = np.linalg.norm(A @ col - w[k] * col)
        own = 4 * n * E64 * (2 * norm + delta)
        note("residual", r, (delta + 3 * eta + own) * L, info)
for k, (f, info) in sorted(worst.items()):
    print(f"{k:10s} worst {100*f:.2f}% of the bound", info[0], "n =", len(info[1]))
