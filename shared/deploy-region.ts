/**
 * The one AWS region Tipline Router runs in: police evidence of Madhya Pradesh stays in India. Synthesis
 * (infra/deploy-settings.ts), the local runtime (local/cfn.ts) and the CLI's --aws commands refuse any other.
 */
export const DEPLOY_REGION = 'ap-south-1';

/** The error every refusal gives, naming the region asked for and the one allowed. */
export function assertDeployRegion(region: string, where: string): void {
  if (region !== DEPLOY_REGION) {
    throw new Error(`${where}: region ${region} refused: Tipline Router runs in ${DEPLOY_REGION} only (police evidence stays in India)`);
  }
}
