import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { ArtifactKind } from './artifact-kind.constant.js';
import { ArtifactService } from './artifact.service.js';
import { ArtifactStatsService } from './artifact-stats.service.js';
import { Artifact, ArtifactKindValue, ArtifactStats, UploadKind, UploadToken } from './dto/artifact.type.js';

@Resolver(() => Artifact)
export class ArtifactResolver {
  constructor(
    private readonly artifacts: ArtifactService,
    private readonly stats: ArtifactStatsService,
  ) {}

  @Roles('operator')
  @Mutation(() => UploadToken, {
    description: 'A short-lived token (and URL) to upload artifacts of this kind over HTTP.',
  })
  createUploadToken(@Args('kind', { type: () => UploadKind }) kind: UploadKind): UploadToken {
    const grant = this.artifacts.createUploadToken(kind as unknown as ArtifactKind);
    return { ...grant, kind };
  }

  @Roles('viewer')
  @Query(() => Artifact, { nullable: true })
  async artifact(@Args('sha256') sha256: string): Promise<Artifact | null> {
    const found = await this.artifacts.find(sha256);
    return found && { ...found, kind: found.kind as unknown as ArtifactKindValue };
  }

  @Roles('viewer')
  @Query(() => ArtifactStats)
  artifactStats(): ArtifactStats {
    return this.stats.snapshot();
  }
}
