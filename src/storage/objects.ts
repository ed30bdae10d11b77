/**
 * Objects in R2 that belong to a database row (a pet's photo and its two copies, a drawn
 * signature): they are stored first, then the row is written; if the write fails — or writes
 * nothing — the objects are deleted again, so a refused or failed save leaves nothing behind.
 */
export interface StoredObject {
  key: string;
  body: ArrayBuffer | Uint8Array;
  contentType: string;
}

/**
 * Puts `objects`, then runs `write`. When a put or `write` throws, or `kept(result)` is false,
 * every object is deleted before the result (or error) is passed on.
 */
export async function withObjectsStored<T>(
  bucket: R2Bucket,
  objects: StoredObject[],
  write: () => Promise<T>,
  kept: (result: T) => boolean = () => true,
): Promise<T> {
  const removeAll = () => (objects.length ? bucket.delete(objects.map((o) => o.key)) : Promise.resolve());
  let result: T;
  try {
    for (const o of objects) await bucket.put(o.key, o.body, { httpMetadata: { contentType: o.contentType } });
    result = await write();
  } catch (err) {
    await removeAll();
    throw err;
  }
  if (!kept(result)) await removeAll();
  return result;
}
