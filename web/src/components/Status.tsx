// Loading and error lines shared by pages.
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';

export function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('common.loading')}</p>;
}

export function ErrorNote({ error }: { error: CombinedError | Error }) {
  const { t } = useTranslation();
  const message = 'graphQLErrors' in error && error.graphQLErrors[0] ? error.graphQLErrors[0].message : error.message;
  return <p role="alert" className="error">{t('common.error', { message })}</p>;
}
