// Decorators whose effect on a function's body is known, for analyses that follow calls into synchronous
// helpers (no-blocking-call's call chains). A decorator not listed here may replace the function entirely
// (`@sync_to_async`, `@run_in_executor`, a retry wrapper that sleeps), so a helper carrying one is not followed.

export interface PyDecoratorSpec {
  /** Qualified name of the decorator, or of the factory called to make it (`functools.lru_cache(maxsize=...)`). */
  callee: string;
  /**
   * transparent: calling the function runs its body as written.
   * cache: the body runs only when the result is not cached yet (the first call, or a new argument).
   */
  effect: "transparent" | "cache";
}

export const PY_KNOWN_DECORATORS: PyDecoratorSpec[] = [
  { callee: "builtins.staticmethod", effect: "transparent" },
  { callee: "builtins.classmethod", effect: "transparent" },
  { callee: "abc.abstractmethod", effect: "transparent" },
  { callee: "typing.final", effect: "transparent" },
  { callee: "typing.override", effect: "transparent" },
  { callee: "typing_extensions.final", effect: "transparent" },
  { callee: "typing_extensions.override", effect: "transparent" },
  { callee: "functools.cache", effect: "cache" },
  { callee: "functools.lru_cache", effect: "cache" },
];
