/** What a batch file says about itself, in every format's header. */
export interface BatchMeta {
  batchRef: string;
  generatedAt: string;
}
