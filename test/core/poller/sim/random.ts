export { Random } from '../../../helpers/random';
