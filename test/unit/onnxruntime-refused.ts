/** Stands in for onnxruntime-node in the unit layer (jest.unit.config.js): loading a model is refused. */
const refused = (): never => {
  throw new Error('a unit spec must not load an ONNX model: rename it *.int-spec.ts (beside the code) or *.e2e-spec.ts (test/)');
};

export const InferenceSession = { create: refused };
export class Tensor {
  constructor() {
    refused();
  }
}
