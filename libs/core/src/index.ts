export * from './enums';
export * from './run-config';
export * from './models/model-shape';
export * from './memory/estimate-memory';
