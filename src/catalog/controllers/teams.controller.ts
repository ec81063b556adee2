import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { entryController } from './entry-controller.factory';

@ApiTags('catalog: teams')
@Controller('catalog/teams')
export class TeamsController extends entryController('team') {}
