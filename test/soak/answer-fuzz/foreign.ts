/**
 * Builds "another transaction's success": the documented success body with some of the fields the
 * gateway echoes changed to another transaction's values, and its own ids minted afresh.
 */
import { getPath, hasPath, setPath } from './json-paths.ts';
import type { AnswerHooks, Json, JsonObject, Pick } from './model.ts';

export interface EchoField {
  readonly path: string;
  /** Another transaction's value for this field. */
  other(current: Json, pick: Pick): Json;
}

export interface IdField {
  readonly path: string;
  mint(pick: Pick): string;
  /**
   * The id is ours (we sent it: the path's transaction id, the referenced id), so changing it is
   * one way of being foreign; otherwise it is the answer's own new id and is always re-minted.
   */
  readonly echoed?: boolean;
}

export function foreignBy(echoes: readonly EchoField[], ids: readonly IdField[]): NonNullable<AnswerHooks['foreign']> {
  return (json: JsonObject, pick: Pick) => {
    const changeable = [...echoes.filter((field) => hasPath(json, field.path)), ...ids.filter((field) => field.echoed && hasPath(json, field.path))];
    const chosen = changeable.length ? pick.someOf(changeable) : [];
    const changed: string[] = [];
    const foreignIds: string[] = [];
    for (const field of chosen) {
      if ('mint' in field) {
        const id = field.mint(pick);
        setPath(json, field.path, id);
        foreignIds.push(id);
      } else {
        setPath(json, field.path, field.other(getPath(json, field.path) ?? null, pick));
      }
      changed.push(field.path);
    }
    for (const field of ids) {
      if (field.echoed || !hasPath(json, field.path)) continue;
      const id = field.mint(pick);
      setPath(json, field.path, id);
      foreignIds.push(id);
    }
    if (changed.length === 0) throw new Error('a foreign answer needs at least one echoed field');
    return { json, ids: foreignIds, changed };
  };
}

/** Whether a foreign answer can be told apart from ours at all (some echoed field or id is present). */
export function canBeForeign(json: Json, echoes: readonly EchoField[], ids: readonly IdField[]): boolean {
  return echoes.some((field) => hasPath(json, field.path)) || ids.some((field) => field.echoed && hasPath(json, field.path));
}
