/**
 * Thrown inside the face pipeline (which runs in worker threads and deliberately imports nothing
 * from @app/core) when an image cannot be used. FaceEngine turns it into `ImageRejectedError`.
 */
export class UnusableImageError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnusableImageError';
  }
}
