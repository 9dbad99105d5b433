export { describeCameraSource, parseCameraSource, type CameraSource } from './camera-source.ts';
export { CameraService, type CameraFrame, type CameraServiceDeps, type CameraSettings, type Vision } from './camera.service.ts';
export { DEFAULT_EDGE_RETRY, DEFAULT_FACE_DETECTOR_OPTIONS, FaceDetector, type FaceDetectorOptions } from './face-detector.ts';
export { FrameAnalyzer, toSourceBox, type AnalyzedFrame } from './frame-analyzer.ts';
export { loadOpenCV, type Mat, type OpenCV } from './opencv.ts';
export { CAMERA_PROBE_SECONDS, forkProbe, probeCameraSource, type ProbeProcess } from './camera-probe.ts';
