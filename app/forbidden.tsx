import { Card } from "@/components/ui/Card";
import { LINK_CLASS } from "@/components/ui/TextLink";
import Link from "next/link";

export default function Forbidden() {
  return (
    <Card tone="warning" padding="xl" className="mx-auto mt-10 max-w-lg">
      <h1 className="text-xl font-semibold text-amber-950">Acesso negado</h1>
      <p className="mt-2 text-amber-900">
        Seu papel no portal não permite ver esta página. Se você precisa dela, peça a um administrador que ajuste seu
        papel.
      </p>
      <Link href="/" className={`mt-4 inline-block ${LINK_CLASS}`}>
        Voltar ao início
      </Link>
    </Card>
  );
}
