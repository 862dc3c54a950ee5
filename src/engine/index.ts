// The engine's public face: compile a model once, then decide requests (with a trace on demand).

import type { Model } from '../model/types.js';
import { Engine, type EngineOptions } from './engine.js';

export { Engine, type EngineOptions } from './engine.js';
export type * from './types.js';
export { type RequestPrincipal, resolveRequestPrincipal } from './principal.js';

/** Compiles a model for fast decisions. Policies are compiled lazily per principal and resource. */
export function compileModel(model: Model, options?: EngineOptions): Engine {
  return new Engine(model, options);
}
