/** A multipart/form-data body built with the platform's own FormData, for Fastify `inject`. */
export interface MultipartBody {
  payload: Buffer;
  headers: Record<string, string>;
}

export type FormValue = string | { bytes: Buffer; filename?: string; contentType?: string };

export async function multipart(fields: Record<string, FormValue | undefined>): Promise<MultipartBody> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'string') form.append(name, value);
    else
      form.append(
        name,
        new Blob([value.bytes], { type: value.contentType ?? 'application/octet-stream' }),
        value.filename ?? `${name}.bin`,
      );
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const payload = Buffer.from(await request.arrayBuffer());
  return { payload, headers: { 'content-type': request.headers.get('content-type') ?? '' } };
}

export function file(bytes: Buffer, filename = 'image.jpg', contentType = 'image/jpeg'): FormValue {
  return { bytes, filename, contentType };
}
