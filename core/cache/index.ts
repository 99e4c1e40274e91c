export { BoundedCache } from './boundedCache';
