import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { entryController } from './entry-controller.factory';

@ApiTags('catalog: policies')
@Controller('catalog/policies')
export class PoliciesController extends entryController('policy') {}
