import type { InferenceSession } from 'onnxruntime-node';
import { join } from 'node:path';
import type { Candidate } from '../detect/detections';
import { type DetectorSettings, FaceDetector } from '../detect/face-detector';
import { orderByPrimaryRank } from '../detect/primary-face';
import type { Embedder } from '../embed/embedder';
import { FrEmbedder } from '../embed/fr-embedder';
import { FrnetEmbedder } from '../embed/frnet-embedder';
import type { EmbedderName, EmbedderSetup } from '../embed/model-version';
import type { DetectedFace, FaceAnalysis, FaceEmbedding, LivenessAssessment, Point, PrimaryFace } from '../face.types';
import { decodeView, type DecodeLimits, type ImageHeader, readHeader } from '../image/decode-image';
import { type ImageView, originalToView, viewToOriginal } from '../image/image-view';
import { toFivePoints } from '../landmarks/five-points';
import { estimateHeadPose } from '../landmarks/head-pose';
import { LandmarkDetector, type LandmarkSettings } from '../landmarks/landmark-detector';
import { ALIGNED_FACE_SIDE, alignFace } from '../align/align-face';
import { differenceHash } from '../anti-replay/perceptual-hash';
import { LIVENESS_MODEL_FILE, LivenessModel, type LivenessProbe } from '../liveness/liveness-model';
import { assessQuality, type QualityThresholds } from '../quality/face-quality';
import { openSession } from './onnx-session';
import { type RefinementSettings, refinementFor } from './refinement';

export interface PipelineOptions {
  modelsDir: string;
  /** The embedders to run, in template order (at least one). */
  embedders: EmbedderSetup[];
  limits: DecodeLimits;
  quality: QualityThresholds;
  tuning?: Partial<PipelineTuning>;
}

export type PipelineTuning = DetectorSettings & LandmarkSettings & RefinementSettings;

/** Settings measured on the deepface and docsim protocols (models/README.md). */
export const DEFAULT_TUNING: PipelineTuning = {
  confidenceThreshold: 0.7,
  iouThreshold: 0.4,
  fit: 'letterbox',
  cropScale: 1.0,
  overviewSide: 640,
  refineBelowFacePx: 64,
  refineTargetFacePx: 128,
};

export const MODEL_FILES = {
  detector: 'fr_detect.onnx',
  landmarks: 'fr_landmark.onnx',
  liveness: LIVENESS_MODEL_FILE,
} as const;

/** What an analysis computes beyond detection and the template. */
export interface AnalyzeOptions {
  /** Also run the passive liveness model on the primary face (`primary.liveness`, a few ms). */
  liveness?: boolean;
}

export const EMBEDDER_FILES: Readonly<Record<EmbedderName, string>> = {
  fr: 'fr_feature.onnx',
  frnet: 'frnet.onnx',
};

/** Each embedder's class; it makes its own crop from the located face. */
const EMBEDDER_CLASSES = { fr: FrEmbedder, frnet: FrnetEmbedder } as const;

/** A detected face: its box in original continuous coordinates and what we report about it. */
interface Detection {
  original: Candidate;
  face: DetectedFace;
}

/**
 * decode → detect → landmarks → crop and embed (each configured embedder) for one image, on the
 * calling thread. Runs inside the engine's worker threads; it imports nothing from Nest or
 * @app/core so a bare worker can load it.
 *
 * Faces are found on an "overview" (longest side 640, cheap thanks to JPEG shrink-on-load). When the
 * primary face is small in it, the face region alone is decoded again at up to `maxSide` so the
 * landmarks and the crops have real pixels to work with (refinement.ts).
 */
export class FacePipeline {
  /** The model versions of the embeddings every template holds, in order. */
  readonly modelVersions: string[];

  private constructor(
    private readonly options: PipelineOptions,
    private readonly tuning: PipelineTuning,
    private readonly detector: FaceDetector,
    private readonly landmarks: LandmarkDetector,
    private readonly embedders: Embedder[],
    private readonly liveness: LivenessModel,
    private readonly sessions: InferenceSession[],
  ) {
    this.modelVersions = embedders.map((embedder) => embedder.modelVersion);
  }

  static async create(options: PipelineOptions): Promise<FacePipeline> {
    if (options.embedders.length === 0) throw new Error('at least one embedder must be configured');
    const tuning = { ...DEFAULT_TUNING, ...options.tuning };
    const files = [
      MODEL_FILES.detector,
      MODEL_FILES.landmarks,
      MODEL_FILES.liveness,
      ...options.embedders.map((e) => EMBEDDER_FILES[e.name]),
    ];
    const opened = await Promise.allSettled(files.map((file) => openSession(join(options.modelsDir, file))));
    const sessions = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failure = opened.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) {
      // The sessions that did open would otherwise outlive the failed start.
      await Promise.all(sessions.map((session) => session.release()));
      throw failure.reason;
    }
    const [detector, landmarks, liveness, ...recognisers] = sessions;
    const embedders = options.embedders.map((setup, i) => new EMBEDDER_CLASSES[setup.name](setup.modelVersion, recognisers[i], setup.flip));
    return new FacePipeline(
      options,
      tuning,
      new FaceDetector(detector, tuning),
      new LandmarkDetector(landmarks, tuning),
      embedders,
      new LivenessModel(liveness),
      sessions,
    );
  }

  /** Frees the native sessions; the pipeline is unusable afterwards. */
  async release(): Promise<void> {
    await Promise.all(this.sessions.map((session) => session.release()));
  }

  /** Throws `UnusableImageError` for images that cannot be used; "no face" is a result, not an error. */
  async analyze(bytes: Uint8Array, options: AnalyzeOptions = {}): Promise<FaceAnalysis> {
    const clock = new StageClock();
    const { limits } = this.options;
    const header = await readHeader(bytes, limits);
    const overview = await decodeView(bytes, header, Math.min(limits.maxSide, this.tuning.overviewSide));
    clock.lap('decode');

    const detections = orderByPrimaryRank(
      (await this.detector.detect(overview)).map((candidate) => describe(candidate, overview, header)),
      (detection) => detection.face.box,
      header.width,
      header.height,
    );
    clock.lap('detect');
    const image = { format: header.format, width: header.width, height: header.height };
    if (detections.length === 0) {
      return { image, faces: [], primary: null, timings: clock.timings() };
    }

    const [best] = detections;
    // On the overview, before refinement: the model judges the face's surroundings at about the
    // resolution of the camera canvas it was made for.
    let liveness: LivenessProbe | undefined;
    if (options.liveness) {
      liveness = await this.liveness.probe(overview, best.original, header);
      clock.lap('liveness');
    }
    const refinement = refinementFor(best.original, overview, header, limits.maxSide, this.tuning);
    const faceView = refinement ? await decodeView(bytes, header, refinement.longestSide, refinement.region) : overview;
    clock.lap('decode');

    const points68 = await this.landmarks.locate(faceView, toView(best.original, faceView));
    const landmarks5 = toFivePoints(points68);
    clock.lap('detect');
    const embeddings: FaceEmbedding[] = [];
    for (const embedder of this.embedders) {
      const vector = await embedder.embed({ image: faceView, points68, points5: landmarks5 });
      embeddings.push({ modelVersion: embedder.modelVersion, vector: Array.from(vector) });
      clock.lap('embed', embedder.modelVersion);
    }

    // The perceptual hash of the aligned face: what "this selfie is that image, or a crop of it"
    // and "this frame was seen before" compare, without keeping any pixels.
    const faceHash = differenceHash(alignFace(faceView, landmarks5), ALIGNED_FACE_SIDE, ALIGNED_FACE_SIDE);
    const primary: PrimaryFace = {
      ...best.face,
      faceHash,
      landmarks5: landmarks5.map(([x, y]) => roundPoint(viewToOriginal(faceView, x, y))),
      quality: assessQuality(best.face, this.options.quality),
      pose: estimateHeadPose(points68, header.width / faceView.scaleX),
      template: { embeddings },
      ...(liveness && { liveness: toAssessment(liveness, this.liveness.modelVersion) }),
    };
    return { image, faces: detections.map((d) => d.face), primary, timings: clock.timings() };
  }
}

/** Maps a detector box from the overview to original coordinates and describes it for the API. */
function describe(inView: Candidate, view: ImageView, header: ImageHeader): Detection {
  const [x1, y1] = viewToOriginal(view, inView.x1, inView.y1);
  const [x2, y2] = viewToOriginal(view, inView.x2, inView.y2);
  const left = Math.round(clamp(x1, 0, header.width));
  const top = Math.round(clamp(y1, 0, header.height));
  const box = {
    x: left,
    y: top,
    width: Math.round(clamp(x2, 0, header.width)) - left,
    height: Math.round(clamp(y2, 0, header.height)) - top,
  };
  const face: DetectedFace = { box, confidence: round(inView.score, 4), sizePx: Math.min(box.width, box.height) };
  return { original: { x1, y1, x2, y2, score: inView.score }, face };
}

function toView(original: Candidate, view: ImageView): Candidate {
  const [x1, y1] = originalToView(view, original.x1, original.y1);
  const [x2, y2] = originalToView(view, original.x2, original.y2);
  return { x1, y1, x2, y2, score: original.score };
}

/**
 * Accumulates wall time per stage; a stage may be visited more than once (decode, refine-decode).
 * Embed laps name their embedder, so each one's share is reported too.
 */
class StageClock {
  private last = performance.now();
  private readonly spent = { decode: 0, detect: 0, embed: 0, liveness: 0 };
  private livenessRan = false;
  private readonly perEmbedder: Record<string, number> = {};

  lap(stage: keyof StageClock['spent'], embedder?: string): void {
    const now = performance.now();
    this.spent[stage] += now - this.last;
    if (stage === 'liveness') this.livenessRan = true;
    if (embedder) this.perEmbedder[embedder] = (this.perEmbedder[embedder] ?? 0) + now - this.last;
    this.last = now;
  }

  timings(): FaceAnalysis['timings'] {
    const embedders = Object.fromEntries(Object.entries(this.perEmbedder).map(([name, ms]) => [name, round(ms, 2)]));
    return {
      decodeMs: round(this.spent.decode, 2),
      detectMs: round(this.spent.detect, 2),
      embedMs: round(this.spent.embed, 2),
      embedders,
      ...(this.livenessRan && { livenessMs: round(this.spent.liveness, 2) }),
    };
  }
}

/** The model's live-class probability as the 0..100 score the API reports (two decimals). */
function toAssessment(probe: LivenessProbe, modelVersion: string): LivenessAssessment {
  return { score: round(probe.live * 100, 2), probabilities: probe.probabilities.map((p) => round(p, 4)), modelVersion };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function roundPoint([x, y]: Point): Point {
  return [round(x, 2), round(y, 2)];
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
