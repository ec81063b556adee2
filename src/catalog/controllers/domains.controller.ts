import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { entryController } from './entry-controller.factory';

@ApiTags('catalog: domains')
@Controller('catalog/domains')
export class DomainsController extends entryController('domain') {}
