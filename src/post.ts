import { post } from './github/post';

void post();
