import { exampleBuild } from '../tsup.example.js';

export default exampleBuild;
